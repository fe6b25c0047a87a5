#pragma once

// Helpers shared by the Flipbench test suites: scratch folders, hand-made CIFAR batch files,
// tiny run configs, small file and tensor utilities.

#include "flipbench/config/run_config.h"

#include <QProcess>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

#include <nlohmann/json.hpp>

#include <torch/types.h>

#include <cstdint>
#include <filesystem>
#include <functional>
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
/// The size of a file in bytes, or -1 when it does not exist.
int64_t fileSizeOrMinusOne(const fs::path& file);

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

/// A run folder that lists as completed after `epochs` epochs, with `configJson` as its config.json
/// (no weights or logits: for tests of listings, diffs and refusals). Returns the folder.
fs::path writeCompletedRun(const fs::path& workspace, const std::string& name, const std::string& configJson,
                           int epochs = 3);

/// Demo data (flipbench::writeDemoDataset) under `parent`; returns the cifar-10-batches-bin folder.
fs::path writeDemoData(const fs::path& parent, int64_t trainSize, int64_t testSize, uint64_t seed);

/// A small small_cnn run on the CPU with 2 threads; every other value is a default.
flipbench::RunConfig tinyRunConfig(const fs::path& dataDir, const std::string& name, int epochs, uint64_t seed);

/// Number of entries in a folder (0 when it does not exist).
int64_t countEntries(const fs::path& dir);

/// The only subfolder of `dir`; nothing when it has none or more than one (or does not exist).
std::optional<fs::path> onlySubfolder(const fs::path& dir);

/// The records of a JSON-lines file that parse, in order. A line that does not parse (a torn last
/// line of a file being appended to, or damage) is skipped and counted in `badLines` when given.
std::vector<nlohmann::json> readJsonLines(const fs::path& file, int* badLines = nullptr);

/// A JSON file, parsed (throws when it is missing or not JSON).
nlohmann::json readJsonFile(const fs::path& file);

/// What is wrong with the metrics.jsonl of a run that trained `epochs` epochs with log_every 1, or
/// an empty string: every line must parse, the "epoch" records must be epochs 1..epochs in order and
/// the "step" records every (epoch, step) pair exactly once, so an epoch replayed after resuming from
/// a checkpoint must not leave records twice.
std::string metricsProblem(const fs::path& runDir, int epochs, int64_t stepsPerEpoch);

/// Polls `condition` every 20 ms until it holds; false when `timeoutMs` passes first. Between polls
/// the Qt event loop runs (QTest::qWait), so a running QProcess keeps draining its output pipes.
/// The timeout is a guard against a hang, not a timing assumption: pass a generous one.
bool waitUntil(const std::function<bool()>& condition, int timeoutMs);

/// What a finished child process left: exit code and its whole output.
struct ProcessResult {
    int exitCode = -1; ///< -1 when it did not run to a normal exit
    QString out, err;

    QString describe() const;
    /// The last non-empty line of stdout, trimmed.
    QString lastLine() const;
};

/// Runs `program` to completion (no timeout: CTest's guards the suite).
ProcessResult runProcess(const QString& program, const QStringList& arguments);

/// The result of a QProcess that has finished (exitCode -1 unless it exited normally).
ProcessResult finishedResult(QProcess& process);

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
