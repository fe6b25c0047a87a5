#pragma once

// Helpers shared by the Flipbench test suites: scratch folders, hand-made CIFAR batch files,
// tiny run configs, small file and tensor utilities.

#include "flipbench/run_config.h"

#include <QString>
#include <QTemporaryDir>

#include <torch/types.h>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace fbtest {

namespace fs = std::filesystem;

/// A QTemporaryDir that fails loudly when it cannot be created and speaks std::filesystem.
class ScratchDir {
public:
    ScratchDir();
    bool isValid() const { return dir_.isValid(); }
    fs::path path() const;
    /// `relative` inside the scratch folder.
    fs::path operator/(const std::string& relative) const { return path() / relative; }

private:
    QTemporaryDir dir_;
};

fs::path toPath(const QString& text);
QString toQString(const fs::path& path);

/// One record of a CIFAR-10 binary batch file: a label byte and 3072 pixel bytes.
struct CifarRecord {
    uint8_t label = 0;
    std::vector<uint8_t> pixels; ///< R plane, G plane, B plane, each 32x32 row-major
};

/// The pixel byte the helpers below store at (channel, row, col) of record `recordId`. It differs
/// between channels, rows, columns and records, so a reader that swaps planes, transposes the
/// image or mixes records up reads different values.
uint8_t patternPixel(int64_t recordId, int channel, int row, int col);

/// A record filled with patternPixel(recordId, ...).
CifarRecord patternRecord(int64_t recordId, uint8_t label);

/// Writes `records` one after the other (1 + 3072 bytes each).
void writeBatchFile(const fs::path& file, const std::vector<CifarRecord>& records);

void writeBytes(const fs::path& file, const std::vector<uint8_t>& bytes);
std::vector<uint8_t> readBytes(const fs::path& file);
void writeText(const fs::path& file, const std::string& text);

/// The ten CIFAR-10 class names.
const std::vector<std::string>& cifarClassNames();

/// Writes a complete hand-made cifar-10-batches-bin folder under `parent` and returns it:
/// data_batch_1..5.bin with `perTrainBatch` records each, test_batch.bin with `testCount`
/// records and batches.meta.txt. Training record k (0-based over all five files) is
/// patternRecord(k, k % 10); test record k is patternRecord(1000 + k, (3 * k) % 10).
fs::path writeSmallCifarFolder(const fs::path& parent, int perTrainBatch, int testCount);

/// Demo data (flipbench::writeDemoDataset) under `parent`; returns the cifar-10-batches-bin folder.
fs::path writeDemoData(const fs::path& parent, int64_t trainSize, int64_t testSize, uint64_t seed);

/// A small small_cnn run on the CPU with 2 threads; every other value is a default.
flipbench::RunConfig tinyRunConfig(const fs::path& dataDir, const std::string& name, int epochs, uint64_t seed);

/// Number of entries in a folder (0 when it does not exist).
int64_t countEntries(const fs::path& dir);

bool contains(const std::string& text, const std::string& part);
bool startsWith(const std::string& text, const std::string& prefix);

/// Runs `action` and returns the message of the exception of type E it throws, or nothing when it
/// throws none. Exceptions of other types propagate, so that QtTest reports them as failures.
template <typename E, typename F> std::optional<std::string> thrownMessage(F&& action)
{
    try {
        action();
    } catch (const E& error) {
        return std::string(error.what());
    }
    return std::nullopt;
}

} // namespace fbtest
