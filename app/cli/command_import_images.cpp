// import-images: decode an image folder into its cache and print the report (images per class,
// every unreadable file with its reason). `train` calls importImagesWithProgress first, so a large
// folder shows progress instead of a silent pause.

#include "cli/arguments.h"
#include "cli/commands.h"
#include "cli/interrupt_guard.h"

#include <flipbench/data/data_folder.h>
#include <flipbench/data/image_folder/image_folder.h>
#include <flipbench/util/build_parts.h>

#include <chrono>
#include <cstdio>
#include <unistd.h>

namespace flipbench::cli {

#if !FLIPBENCH_HAS_IMAGE_FOLDERS

// The core recognises the layout but cannot decode it: say so before the run is prepared.
void importImagesBeforeTraining(const std::string& dataPath)
{
    if (!dataPath.empty() && dataFolderKind(dataPath) == DataFolderKind::ImageFolder)
        throw MissingPartError(BuildPart::ImageFolders, "The image folder " + dataPath,
                               "Or train on a CIFAR-10 binary folder (make-demo-data, download-cifar10).");
}

int commandImportImages(const std::vector<std::string>&)
{
    throw MissingPartError(BuildPart::ImageFolders, "import-images");
}

#else

namespace {

/// "decoding images 12,288/60,000" redrawn on a terminal, a line every 10 s in a log.
std::function<void(int64_t, int64_t)> progressPrinter()
{
    const bool interactive = ::isatty(::fileno(stderr)) == 1;
    auto last = std::make_shared<std::chrono::steady_clock::time_point>();
    return [interactive, last](int64_t done, int64_t total) {
        const auto now = std::chrono::steady_clock::now();
        if (now - *last < std::chrono::milliseconds(interactive ? 100 : 10000) && done != total)
            return;
        *last = now;
        std::fprintf(stderr, interactive ? "\r\033[Kdecoding images %lld/%lld" : "decoding images %lld/%lld\n",
                     static_cast<long long>(done), static_cast<long long>(total));
        if (interactive && done == total)
            std::fputs("\n", stderr);
    };
}

ImageFolderImport importWithProgress(const std::string& root, BadImagePolicy policy, int threads)
{
    ImageFolderOptions options;
    options.onBadImage = policy;
    options.threads = threads;
    options.progress = progressPrinter();
    const InterruptGuard interrupts(options.cancel); // Ctrl-C leaves the previous cache as it was
    return importImageFolder(root, options);
}

} // namespace

void importImagesBeforeTraining(const std::string& dataPath)
{
    if (dataPath.empty() || dataFolderKind(dataPath) != DataFolderKind::ImageFolder)
        return;
    const ImageFolderImport import = importWithProgress(dataPath, BadImagePolicy::Skip, 0);
    if (!import.reusedCache || import.skippedCount() > 0)
        std::fputs(formatImportReport(import).c_str(), stderr);
}

int commandImportImages(const std::vector<std::string>& args)
{
    const Arguments a(args, {"on-error", "threads"}, {});
    a.requirePositionals(1, "ROOT (a folder with train/<class>/ and test/<class>/ image folders)");
    const std::string onError = a.value("on-error").value_or("skip");
    if (onError != "skip" && onError != "refuse")
        throw UsageError{"--on-error must be skip or refuse, got \"" + onError + "\""};
    int threads = 0;
    if (const auto text = a.value("threads")) {
        try {
            threads = std::stoi(*text);
        } catch (const std::exception&) {
            threads = -1;
        }
        if (threads <= 0)
            throw UsageError{"--threads must be a positive integer, got \"" + *text + "\""};
    }
    try {
        const ImageFolderImport import = importWithProgress(
            a.positionals()[0], onError == "refuse" ? BadImagePolicy::Refuse : BadImagePolicy::Skip, threads);
        std::fputs(formatImportReport(import).c_str(), stdout);
        return kExitOk;
    } catch (const ImageFolderRefused& refused) {
        std::printf("%lld unreadable image file(s); nothing imported (--on-error refuse):\n",
                    static_cast<long long>(refused.files.size()));
        for (const SkippedImage& file : refused.files)
            std::printf("  %s: %s\n", file.path.c_str(), file.reason.c_str());
        std::fflush(stdout);
        std::fprintf(stderr,
                     "flipbench-cli import-images: %zu unreadable image file(s) refused; fix or remove them, "
                     "or run with --on-error skip\n",
                     refused.files.size());
        return kExitUsage;
    }
}

#endif // FLIPBENCH_HAS_IMAGE_FOLDERS

} // namespace flipbench::cli
