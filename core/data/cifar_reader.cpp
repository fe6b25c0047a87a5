#include "flipbench/data/cifar_reader.h"

#include "flipbench/util/atomic_file.h"
#include "flipbench/util/errors.h"

#include <torch/torch.h>

#include <fstream>
#include <sstream>

namespace fs = std::filesystem;

namespace flipbench {

namespace {

std::string trim(const std::string& text)
{
    const auto begin = text.find_first_not_of(" \t\r\n");
    if (begin == std::string::npos)
        return {};
    const auto end = text.find_last_not_of(" \t\r\n");
    return text.substr(begin, end - begin + 1);
}

bool looksLikeCifarDir(const fs::path& dir)
{
    return fs::exists(dir / "test_batch.bin") || fs::exists(dir / "batches.meta.txt");
}

int64_t recordCount(const fs::path& file)
{
    std::error_code ec;
    if (!fs::is_regular_file(file, ec))
        throw DataError("Missing CIFAR-10 file " + file.string() + ": expected a batch of " +
                        std::to_string(kCifarRecordBytes) + "-byte records");
    const auto bytes = static_cast<int64_t>(fs::file_size(file, ec));
    if (ec || bytes == 0 || bytes % kCifarRecordBytes != 0)
        throw DataError("CIFAR-10 file " + file.string() + " has " + std::to_string(bytes) +
                        " bytes, expected a non-zero multiple of " + std::to_string(kCifarRecordBytes) +
                        " (1 label byte + 3072 pixel bytes per image); the file is truncated or not a CIFAR-10 batch");
    return bytes / kCifarRecordBytes;
}

} // namespace

fs::path locateCifarBinaryDir(const fs::path& dir)
{
    if (dir.empty())
        throw DataError("No CIFAR-10 folder given: set data.path or pass --data DIR "
                        "(a cifar-10-batches-bin folder, or `flipbench-cli make-demo-data DIR` for demo data)");
    if (!fs::is_directory(dir))
        throw DataError("CIFAR-10 folder " + dir.string() + " does not exist or is not a folder");
    if (looksLikeCifarDir(dir))
        return dir;
    if (looksLikeCifarDir(dir / "cifar-10-batches-bin"))
        return dir / "cifar-10-batches-bin";
    throw DataError("Folder " + dir.string() +
                    " is not a CIFAR-10 binary folder: expected test_batch.bin and batches.meta.txt in it "
                    "or in its cifar-10-batches-bin subfolder (the official binary version)");
}

ImageSet readCifarBatchFile(const fs::path& file, int64_t numClasses)
{
    const int64_t count = recordCount(file);
    const int64_t bytes = count * kCifarRecordBytes;

    std::ifstream in(file, std::ios::binary);
    std::vector<uint8_t> raw(static_cast<size_t>(bytes));
    if (!in.read(reinterpret_cast<char*>(raw.data()), bytes))
        throw DataError("Could not read " + file.string() + " (I/O error)");

    auto labels = torch::empty({count}, torch::kInt64);
    auto images = torch::empty({count, 3, 32, 32}, torch::kUInt8);
    auto* labelOut = labels.data_ptr<int64_t>();
    auto* imageOut = images.data_ptr<uint8_t>();
    for (int64_t i = 0; i < count; ++i) {
        const uint8_t* record = raw.data() + i * kCifarRecordBytes;
        if (record[0] >= numClasses)
            throw DataError("CIFAR-10 file " + file.string() + ", record " + std::to_string(i) + " (byte offset " +
                            std::to_string(i * kCifarRecordBytes) + "): label " + std::to_string(record[0]) +
                            " is outside 0.." + std::to_string(numClasses - 1) + " (batches.meta.txt names " +
                            std::to_string(numClasses) + " classes)");
        labelOut[i] = record[0];
        std::copy(record + 1, record + kCifarRecordBytes, imageOut + i * kCifarImageBytes);
    }
    return ImageSet{images, labels};
}

std::vector<std::string> readCifarClassNames(const fs::path& file)
{
    if (!fs::is_regular_file(file))
        throw DataError("Missing CIFAR-10 file " + file.string() + ": expected one class name per line");
    std::istringstream lines(readFile(file));
    std::vector<std::string> names;
    int lineNumber = 0;
    for (std::string line; std::getline(lines, line);) {
        ++lineNumber;
        line = trim(line);
        // A class name is text; control bytes mean a binary file in its place (the Python
        // version's batches.meta pickle, or a damaged copy).
        if (std::any_of(line.begin(), line.end(),
                        [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; }))
            throw DataError("CIFAR-10 file " + file.string() + ", line " + std::to_string(lineNumber) +
                            ": not a class name (it holds control bytes); expected a text file with one class name "
                            "per line, as the binary version's batches.meta.txt");
        if (!line.empty())
            names.push_back(line);
    }
    if (names.empty())
        throw DataError("CIFAR-10 file " + file.string() +
                        " is empty: expected one class name per line (10 for CIFAR-10)");
    if (names.size() > 256)
        throw DataError("CIFAR-10 file " + file.string() + " lists " + std::to_string(names.size()) +
                        " class names; a label byte can address at most 256");
    return names;
}

CifarFolderSummary inspectCifar10Folder(const fs::path& requestedDir)
{
    CifarFolderSummary summary;
    summary.dir = fs::absolute(locateCifarBinaryDir(requestedDir)).lexically_normal();
    summary.classNames = readCifarClassNames(summary.dir / "batches.meta.txt");
    for (int b = 1; b <= kCifarTrainBatches; ++b)
        summary.trainImages += recordCount(summary.dir / ("data_batch_" + std::to_string(b) + ".bin"));
    summary.testImages = recordCount(summary.dir / "test_batch.bin");
    return summary;
}

void holdOutValidation(SplitDataset& data, const ImageSet& train, int64_t valSize)
{
    data.train = train;
    if (valSize <= 0)
        return;
    if (valSize >= train.size())
        throw DataError("data.val_size: " + std::to_string(valSize) + " validation images requested but only " +
                        std::to_string(train.size()) + " training images are available; use fewer");
    data.val = train.slice(train.size() - valSize, train.size());
    data.train = train.slice(0, train.size() - valSize);
}

SplitDataset loadCifar10Binary(const fs::path& requestedDir, const CifarLoadOptions& options)
{
    const fs::path dir = locateCifarBinaryDir(requestedDir);
    SplitDataset data;
    data.sourceDir = fs::absolute(dir).lexically_normal().string();
    data.classNames = readCifarClassNames(dir / "batches.meta.txt");
    const auto numClasses = static_cast<int64_t>(data.classNames.size());

    std::vector<torch::Tensor> images, labels;
    int64_t loaded = 0;
    for (int b = 1; b <= kCifarTrainBatches; ++b) {
        // Stop reading once the limit is reached: a 5k-image run does not need all five files.
        if (options.trainLimit > 0 && loaded >= options.trainLimit)
            break;
        ImageSet batch = readCifarBatchFile(dir / ("data_batch_" + std::to_string(b) + ".bin"), numClasses);
        loaded += batch.size();
        images.push_back(batch.images);
        labels.push_back(batch.labels);
    }
    ImageSet train{torch::cat(images), torch::cat(labels)};
    train = train.first(options.trainLimit);

    holdOutValidation(data, train, options.valSize);
    data.test = readCifarBatchFile(dir / "test_batch.bin", numClasses).first(options.testLimit);
    return data;
}

} // namespace flipbench
