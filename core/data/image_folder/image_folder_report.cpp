// The text report of an image-folder import, for the CLI and logs.

#include "flipbench/data/image_folder/image_folder.h"

#include <algorithm>
#include <cstdio>

namespace flipbench {

namespace {

/// 50000 -> "50,000"
std::string grouped(int64_t value)
{
    std::string digits = std::to_string(value < 0 ? -value : value);
    for (int at = static_cast<int>(digits.size()) - 3; at > 0; at -= 3)
        digits.insert(static_cast<size_t>(at), ",");
    return (value < 0 ? "-" : "") + digits;
}

std::string padRight(const std::string& text, size_t width)
{
    return text.size() >= width ? text : text + std::string(width - text.size(), ' ');
}

std::string padLeft(const std::string& text, size_t width)
{
    return text.size() >= width ? text : std::string(width - text.size(), ' ') + text;
}

} // namespace

std::string formatImportReport(const ImageFolderImport& import)
{
    char seconds[32];
    std::snprintf(seconds, sizeof seconds, "%.1f s", import.seconds);
    std::string text = "Image folder " + import.root.string() + ": " + std::to_string(import.classNames.size()) +
                       " classes, " + grouped(import.train.images) + " training and " + grouped(import.test.images) +
                       " test images\n";
    text += (import.reusedCache ? "  cache up to date, nothing decoded (" : "  imported in ") + std::string(seconds) +
            (import.reusedCache ? ")" : "") + "; cache " + import.cacheDir.string() + "\n";

    size_t nameWidth = 5;
    for (const std::string& name : import.classNames)
        nameWidth = std::max(nameWidth, name.size());
    text += "  " + padRight("class", nameWidth) + "  label      train       test\n";
    for (size_t c = 0; c < import.classNames.size(); ++c) {
        const auto count = [&](const ImageFolderSplit& split) {
            return c < split.imagesPerClass.size() ? split.imagesPerClass[c] : 0;
        };
        text += "  " + padRight(import.classNames[c], nameWidth) + "  " + padLeft(std::to_string(c), 5) + "  " +
                padLeft(grouped(count(import.train)), 9) + "  " + padLeft(grouped(count(import.test)), 9) + "\n";
    }
    const int64_t resized = import.train.resized + import.test.resized;
    if (resized > 0)
        text += "  " + grouped(resized) + " image(s) not 32x32, resized by area averaging (aspect ratio not kept)\n";
    if (!import.ignoredFiles.empty())
        text += "  " + grouped(int64_t(import.ignoredFiles.size())) +
                " other file(s) ignored (not .png/.jpg/.jpeg), e.g. " + import.ignoredFiles.front() + "\n";
    const int64_t skipped = import.skippedCount();
    if (skipped == 0) {
        text += "  every image file could be read\n";
        return text;
    }
    text += grouped(skipped) + " unreadable image file(s) skipped (not in the data set):\n";
    for (const auto* split : {&import.train, &import.test})
        for (const SkippedImage& file : split->skipped)
            text += "  " + file.path + ": " + file.reason + "\n";
    return text;
}

} // namespace flipbench
