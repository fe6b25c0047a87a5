// Decodes an image folder's files on several threads. Workers take the next file index from a
// shared counter and write into their own slots, so no lock is needed; the calling thread works
// too and reports progress between its files.

#include "flipbench/data/image_folder/image_folder_internal.h"

#include "flipbench/data/image_folder/image_decode.h"
#include "flipbench/data/image_folder/image_resize.h"

#include <atomic>
#include <exception>
#include <fstream>
#include <sstream>
#include <thread>

namespace fs = std::filesystem;

namespace flipbench::image_folder {

namespace {

std::string readWholeFile(const fs::path& file)
{
    std::ifstream in(file, std::ios::binary);
    if (!in)
        throw ImageDecodeError("cannot open the file (removed while importing, or no permission to read it)");
    std::ostringstream bytes;
    bytes << in.rdbuf();
    if (in.bad())
        throw ImageDecodeError("read error (I/O error)");
    return bytes.str();
}

/// One file into its slot; every failure becomes the slot's error text.
void decodeOne(const fs::path& file, uint8_t* planes, std::string& error, char& resized)
{
    try {
        resized = toCifarPlanes(decodeImage(readWholeFile(file)), planes) ? 1 : 0;
    } catch (const ImageDecodeError& e) {
        error = e.what();
    } catch (const std::bad_alloc&) {
        error = "out of memory while decoding";
    } catch (const std::exception& e) {
        error = std::string("cannot decode: ") + e.what();
    }
    if (!error.empty())
        std::fill(planes, planes + kCifarImageBytes, uint8_t(0));
}

} // namespace

Decoded decodeFiles(const fs::path& root, const std::vector<const FileEntry*>& files, const ImageFolderOptions& options)
{
    const auto total = static_cast<int64_t>(files.size());
    Decoded decoded;
    decoded.pixels.resize(size_t(total) * kCifarImageBytes);
    decoded.errors.resize(size_t(total));
    decoded.resized.resize(size_t(total), 0);

    std::atomic<int64_t> next{0}, done{0};
    auto work = [&](bool reportProgress) {
        for (int64_t i = next.fetch_add(1); i < total && !options.cancel.isCancelled(); i = next.fetch_add(1)) {
            decodeOne(root / files[i]->relPath, decoded.pixels.data() + i * kCifarImageBytes, decoded.errors[i],
                      decoded.resized[i]);
            const int64_t finished = done.fetch_add(1) + 1;
            if (reportProgress && options.progress && (i % 256 == 0))
                options.progress(finished, total);
        }
    };

    const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
    const int threads = static_cast<int>(std::min<int64_t>(options.threads > 0 ? options.threads : cores, total));
    std::vector<std::thread> workers;
    std::vector<std::exception_ptr> failures(std::max(threads, 1));
    for (int t = 1; t < threads; ++t)
        workers.emplace_back([&, t] {
            try {
                work(false);
            } catch (...) {
                failures[t] = std::current_exception();
            }
        });
    try {
        work(true);
    } catch (...) {
        failures[0] = std::current_exception();
    }
    for (std::thread& worker : workers)
        worker.join();
    for (const auto& failure : failures)
        if (failure)
            std::rethrow_exception(failure);
    if (options.cancel.isCancelled())
        throw UserError("Image import of " + root.string() + " cancelled; nothing was written");
    if (options.progress)
        options.progress(total, total);
    return decoded;
}

} // namespace flipbench::image_folder
