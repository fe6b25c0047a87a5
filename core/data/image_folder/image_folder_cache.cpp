// The cache of an imported image folder: per split a record file in the CIFAR-10 layout and a
// list of the image file behind each record, then manifest.json. Record files carry the folder's
// signature in their names and the manifest is written last, so a crash at any point leaves either
// the previous complete cache or the new complete one, never a manifest naming half-written files.

#include "flipbench/data/image_folder/image_folder_internal.h"

#include "flipbench/util/atomic_file.h"
#include "flipbench/util/json_document.h"

#include <nlohmann/json.hpp>

#include <cstdlib>
#include <fstream>

namespace fs = std::filesystem;

namespace flipbench::image_folder {

namespace {

constexpr const char* kFormat = "flipbench image-folder cache";

std::string hashText(const std::string& text)
{
    uint64_t hash = 0xcbf29ce484222325ULL;
    for (unsigned char c : text)
        hash = (hash ^ c) * 0x100000001b3ULL;
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(hash));
    return hex;
}

nlohmann::json splitJson(const ImageFolderSplit& split, const fs::path& root, const std::string& file,
                         const std::string& list)
{
    nlohmann::json skipped = nlohmann::json::array();
    for (const SkippedImage& s : split.skipped)
        skipped.push_back({{"path", fs::path(s.path).lexically_relative(root).generic_string()}, {"reason", s.reason}});
    return {{"records", split.images},  {"file", file},      {"files", list}, {"per_class", split.imagesPerClass},
            {"resized", split.resized}, {"skipped", skipped}};
}

ImageFolderSplit splitFromJson(const nlohmann::json& json, const fs::path& root)
{
    ImageFolderSplit split;
    split.images = json.at("records").get<int64_t>();
    split.imagesPerClass = json.at("per_class").get<std::vector<int64_t>>();
    split.resized = json.at("resized").get<int64_t>();
    for (const auto& s : json.at("skipped"))
        split.skipped.push_back({(root / s.at("path").get<std::string>()).string(), s.at("reason").get<std::string>()});
    return split;
}

bool wholeRecordFile(const fs::path& file, int64_t records)
{
    std::error_code ec;
    const auto bytes = fs::file_size(file, ec);
    return !ec && records > 0 && static_cast<int64_t>(bytes) == records * kCifarRecordBytes;
}

/// The import a manifest describes, when it matches `listing` and its files are whole.
std::optional<ImageFolderImport> readCache(const fs::path& dir, const Listing& listing, bool checkRoot)
{
    std::error_code ec;
    if (!fs::is_regular_file(dir / "manifest.json", ec))
        return std::nullopt;
    try {
        const auto json = readJsonDocument(dir / "manifest.json");
        if (json.value("format", "") != kFormat || json.value("version", 0) != kCacheVersion ||
            json.value("resize", "") != kResizeFilter)
            return std::nullopt;
        const bool matches = listing.signature.empty() ? json.value("dir_key", "") == listing.dirKey
                                                       : json.value("signature", "") == listing.signature;
        if (!matches || (checkRoot && json.value("root", "") != listing.root.string()))
            return std::nullopt;
        ImageFolderImport import;
        import.root = listing.root;
        import.cacheDir = dir;
        import.classNames = json.at("classes").get<std::vector<std::string>>();
        import.ignoredFiles = json.at("ignored").get<std::vector<std::string>>();
        import.train = splitFromJson(json.at("splits").at("train"), listing.root);
        import.test = splitFromJson(json.at("splits").at("test"), listing.root);
        import.trainFile = dir / json.at("splits").at("train").at("file").get<std::string>();
        import.testFile = dir / json.at("splits").at("test").at("file").get<std::string>();
        import.reusedCache = true;
        if (import.classNames != listing.classNames || !wholeRecordFile(import.trainFile, import.train.images) ||
            !wholeRecordFile(import.testFile, import.test.images))
            return std::nullopt;
        return import;
    } catch (const std::exception&) {
        return std::nullopt; // unreadable or from another version: import again
    }
}

void writeRecords(const fs::path& file, const SplitRecords& records)
{
    writeAtomically(file, [&](const fs::path& tmp) {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        for (size_t i = 0; i < records.labels.size() && out; ++i) {
            out.put(static_cast<char>(records.labels[i]));
            out.write(reinterpret_cast<const char*>(records.pixels[i]), kCifarImageBytes);
        }
        out.flush();
        if (!out)
            throw UserError("Could not write " + file.string() + " (disk full or no permission?)");
    });
}

std::string joinLines(const std::vector<std::string>& lines)
{
    std::string text;
    for (const std::string& line : lines)
        text += line + "\n";
    return text;
}

} // namespace

fs::path primaryCacheDir(const fs::path& root)
{
    return root / ".flipbench-cache";
}

fs::path fallbackCacheDir(const fs::path& root)
{
    const char* xdg = std::getenv("XDG_CACHE_HOME");
    const char* home = std::getenv("HOME");
    const fs::path base = xdg && *xdg     ? fs::path(xdg)
                          : home && *home ? fs::path(home) / ".cache"
                                          : fs::temp_directory_path();
    return base / "flipbench" / "image-folders" / (root.filename().string() + "-" + hashText(root.string()));
}

std::optional<ImageFolderImport> findCurrentCache(const Listing& listing)
{
    if (auto import = readCache(primaryCacheDir(listing.root), listing, false))
        return import;
    return readCache(fallbackCacheDir(listing.root), listing, true);
}

void writeCache(const fs::path& dir, const Listing& listing, const SplitRecords& train, const SplitRecords& test,
                ImageFolderImport& import)
{
    fs::create_directories(dir);
    const std::string tag = listing.signature;
    nlohmann::json splits;
    for (const auto& [name, records, summary] :
         {std::tuple{"train", &train, &import.train}, std::tuple{"test", &test, &import.test}}) {
        const std::string file = std::string(name) + "-" + tag + ".bin";
        const std::string list = std::string(name) + "-" + tag + ".files.txt";
        writeRecords(dir / file, *records);
        writeTextAtomically(dir / list, joinLines(records->relPaths));
        splits[name] = splitJson(*summary, listing.root, file, list);
    }
    const nlohmann::json manifest = {
        {"format", kFormat},
        {"version", kCacheVersion},
        {"root", listing.root.string()},
        {"signature", listing.signature},
        {"dir_key", listing.dirKey},
        {"resize", kResizeFilter},
        {"order", "Fisher-Yates over splitmix64, seed " + std::to_string(kOrderSeed)},
        {"classes", listing.classNames},
        {"ignored", import.ignoredFiles},
        {"splits", splits},
    };
    // Invalid UTF-8 in a file name is replaced in the manifest (it only serves the report there).
    writeTextAtomically(dir / "manifest.json", manifest.dump(2, ' ', false, nlohmann::json::error_handler_t::replace));

    import.cacheDir = dir;
    import.trainFile = dir / splits["train"]["file"].get<std::string>();
    import.testFile = dir / splits["test"]["file"].get<std::string>();
    // Record files of earlier imports are dead weight now that the manifest names the new ones.
    std::error_code ec;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        const bool ours = name.rfind("train-", 0) == 0 || name.rfind("test-", 0) == 0;
        if (ours && name.find(tag) == std::string::npos) {
            std::error_code ignored;
            fs::remove(it->path(), ignored);
        }
    }
}

} // namespace flipbench::image_folder
