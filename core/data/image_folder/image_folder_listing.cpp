// Lists an image folder: classes from train/'s subfolders, every image file with its size and
// modification time, and the signature the cache is matched against.

#include "flipbench/data/image_folder/image_folder_internal.h"

#include <algorithm>
#include <cctype>
#include <set>

#include <sys/stat.h>

namespace fs = std::filesystem;

namespace flipbench::image_folder {

namespace {

/// FNV-1a 64: stable across platforms, enough to tell listings apart (not a security hash).
class Fnv {
public:
    void add(const void* data, size_t size)
    {
        const auto* bytes = static_cast<const uint8_t*>(data);
        for (size_t i = 0; i < size; ++i)
            hash_ = (hash_ ^ bytes[i]) * 0x100000001b3ULL;
    }
    void add(const std::string& text) { add(text.data(), text.size() + 1); } // with the NUL: "ab","c" != "a","bc"
    void add(int64_t value) { add(&value, sizeof value); }
    std::string hex() const
    {
        char text[17];
        std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(hash_));
        return text;
    }

private:
    uint64_t hash_ = 0xcbf29ce484222325ULL;
};

bool isHidden(const fs::path& path)
{
    const std::string name = path.filename().string();
    return !name.empty() && name[0] == '.';
}

bool hasImageExtension(const fs::path& path)
{
    std::string ext = path.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return ext == ".png" || ext == ".jpg" || ext == ".jpeg";
}

} // namespace

int64_t modificationNs(const fs::path& path, int64_t* size)
{
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0)
        return -1; // vanished or unreadable: decoding reports why
    if (size)
        *size = static_cast<int64_t>(info.st_size);
    return int64_t(info.st_mtim.tv_sec) * 1000000000 + info.st_mtim.tv_nsec;
}

namespace {

/// Sorted names of the non-hidden subfolders of `dir`.
std::vector<std::string> subfolders(const fs::path& dir)
{
    std::vector<std::string> names;
    std::error_code ec;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
        if (!isHidden(it->path()) && it->is_directory())
            names.push_back(it->path().filename().string());
    if (ec)
        throw DataError("Cannot list " + dir.string() + ": " + ec.message());
    std::sort(names.begin(), names.end());
    return names;
}

std::string layoutHelp()
{
    return "expected train/<class>/*.png|jpg|jpeg and test/<class>/... (torchvision's ImageFolder layout)";
}

class Walker {
public:
    Walker(Listing& listing, bool statFiles) : listing_(listing), statFiles_(statFiles) {}

    void walkSplit(const std::string& split, std::vector<FileEntry>& out)
    {
        const fs::path splitDir = listing_.root / split;
        std::error_code ec;
        for (fs::directory_iterator it(splitDir, ec), end; !ec && it != end; it.increment(ec))
            if (!isHidden(it->path()) && !it->is_directory())
                listing_.ignored.push_back(split + "/" + it->path().filename().string());
        for (const std::string& name : subfolders(splitDir)) {
            const auto label = std::find(listing_.classNames.begin(), listing_.classNames.end(), name);
            if (label == listing_.classNames.end())
                throw DataError("Image folder " + listing_.root.string() + ": " + split + "/" + name +
                                " has no matching train/" + name +
                                "; every test class must also be a training class (labels come from train/)");
            walkClass(split + "/" + name, static_cast<int>(label - listing_.classNames.begin()), out);
        }
        std::sort(out.begin(), out.end(), [](const FileEntry& a, const FileEntry& b) {
            return a.label != b.label ? a.label < b.label : a.relPath < b.relPath;
        });
    }

private:
    void walkClass(const std::string& relDir, int label, std::vector<FileEntry>& out)
    {
        const fs::path dir = listing_.root / relDir;
        std::error_code ec;
        fs::recursive_directory_iterator it(dir, ec), end;
        if (ec)
            throw DataError("Cannot list " + dir.string() + ": " + ec.message());
        for (; !ec && it != end; it.increment(ec)) {
            if (isHidden(it->path())) {
                if (it->is_directory())
                    it.disable_recursion_pending();
                continue;
            }
            if (it->is_directory())
                continue;
            const std::string rel = relDir + "/" + it->path().lexically_relative(dir).generic_string();
            if (!hasImageExtension(it->path())) {
                listing_.ignored.push_back(rel);
                continue;
            }
            FileEntry entry{rel, label, 0, 0};
            if (statFiles_)
                entry.mtimeNs = modificationNs(it->path(), &entry.size);
            out.push_back(std::move(entry));
        }
        if (ec)
            throw DataError("Cannot list " + dir.string() + ": " + ec.message());
    }

    Listing& listing_;
    bool statFiles_;
};

} // namespace

std::string folderKey(const fs::path& root)
{
    Fnv key;
    for (const std::string split : {"train", "test"}) {
        key.add(split);
        key.add(modificationNs(root / split));
        for (const std::string& name : subfolders(root / split)) {
            key.add(name);
            key.add(modificationNs(root / split / name));
        }
    }
    return key.hex();
}

Listing listFolder(const fs::path& requestedRoot, bool statFiles)
{
    Listing listing;
    listing.root = fs::absolute(requestedRoot).lexically_normal();
    if (!listing.root.has_filename())
        listing.root = listing.root.parent_path(); // "dir/" -> "dir"
    const fs::path& root = listing.root;
    if (!fs::is_directory(root))
        throw DataError("Image folder " + root.string() + " does not exist or is not a folder");
    if (!fs::is_directory(root / "train") || !fs::is_directory(root / "test"))
        throw DataError("Folder " + root.string() + " is not an image folder: " + layoutHelp());
    listing.classNames = subfolders(root / "train");
    if (listing.classNames.empty())
        throw DataError("Image folder " + root.string() + ": train/ has no class folders; " + layoutHelp());
    if (listing.classNames.size() > 256)
        throw DataError("Image folder " + root.string() + ": train/ has " + std::to_string(listing.classNames.size()) +
                        " class folders; at most 256 are supported (labels are stored in one byte)");

    listing.dirKey = folderKey(root);
    Walker walker(listing, statFiles);
    walker.walkSplit("train", listing.train);
    walker.walkSplit("test", listing.test);

    std::vector<int64_t> perClass(listing.classNames.size(), 0);
    for (const FileEntry& entry : listing.train)
        ++perClass[entry.label];
    for (size_t c = 0; c < perClass.size(); ++c)
        if (perClass[c] == 0)
            throw DataError("Image folder " + root.string() + ": train/" + listing.classNames[c] +
                            " holds no .png, .jpg or .jpeg file; add images or remove the folder");
    if (listing.test.empty())
        throw DataError("Image folder " + root.string() + ": test/ holds no .png, .jpg or .jpeg file; " + layoutHelp());

    if (statFiles) {
        Fnv signature;
        signature.add(int64_t(kCacheVersion));
        signature.add(std::string(kResizeFilter));
        signature.add(int64_t(kOrderSeed));
        for (const std::string& name : listing.classNames)
            signature.add(name);
        for (const auto* split : {&listing.train, &listing.test}) {
            signature.add(std::string(split == &listing.train ? "train" : "test"));
            for (const FileEntry& entry : *split) {
                signature.add(entry.relPath);
                signature.add(entry.size);
                signature.add(entry.mtimeNs);
                signature.add(int64_t(entry.label));
            }
        }
        listing.signature = signature.hex();
    }
    return listing;
}

} // namespace flipbench::image_folder
