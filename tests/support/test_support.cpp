#include "test_support.h"

#include "flipbench/data/cifar_reader.h"
#include "flipbench/data/demo_data.h"
#include "flipbench/runs/run_store.h"

#include <QDir>
#include <QtTest/QtTest>

#include <torch/torch.h>

#include <fstream>
#include <set>
#include <utility>
#include <stdexcept>

namespace fbtest {

ScratchDir::ScratchDir() : dir_(QDir::tempPath() + "/flipbench-test-XXXXXX")
{
    if (!dir_.isValid())
        throw std::runtime_error("cannot create a temporary folder: " + dir_.errorString().toStdString());
}

fs::path ScratchDir::path() const
{
    return toPath(dir_.path());
}

fs::path toPath(const QString& text)
{
    return fs::path(text.toStdString());
}

QString toQString(const fs::path& path)
{
    return QString::fromStdString(path.string());
}

int64_t fileSizeOrMinusOne(const fs::path& file)
{
    std::error_code ec;
    const auto size = fs::file_size(file, ec);
    return ec ? -1 : static_cast<int64_t>(size);
}

uint8_t patternPixel(int64_t recordId, int channel, int row, int col)
{
    // 85 and 3 are odd steps, so channel, row and column each move the byte; the record id moves
    // it by 7 per record.
    return static_cast<uint8_t>((recordId * 7 + channel * 85 + row * 3 + col) & 0xFF);
}

CifarRecord patternRecord(int64_t recordId, uint8_t label)
{
    CifarRecord record;
    record.label = label;
    record.pixels.resize(static_cast<size_t>(flipbench::kCifarImageBytes));
    size_t offset = 0;
    for (int channel = 0; channel < 3; ++channel)
        for (int row = 0; row < 32; ++row)
            for (int col = 0; col < 32; ++col)
                record.pixels[offset++] = patternPixel(recordId, channel, row, col);
    return record;
}

void writeBatchFile(const fs::path& file, const std::vector<CifarRecord>& records)
{
    std::vector<uint8_t> bytes;
    for (const CifarRecord& record : records) {
        bytes.push_back(record.label);
        bytes.insert(bytes.end(), record.pixels.begin(), record.pixels.end());
    }
    writeBytes(file, bytes);
}

void writeBytes(const fs::path& file, const std::vector<uint8_t>& bytes)
{
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    if (!out)
        throw std::runtime_error("cannot write " + file.string());
}

std::vector<uint8_t> readBytes(const fs::path& file)
{
    std::ifstream in(file, std::ios::binary);
    if (!in)
        throw std::runtime_error("cannot read " + file.string());
    return std::vector<uint8_t>(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void writeText(const fs::path& file, const std::string& text)
{
    writeBytes(file, std::vector<uint8_t>(text.begin(), text.end()));
}

const std::vector<std::string>& cifarClassNames()
{
    static const std::vector<std::string> names = {"airplane", "automobile", "bird",  "cat",  "deer",
                                                   "dog",      "frog",       "horse", "ship", "truck"};
    return names;
}

fs::path writeSmallCifarFolder(const fs::path& parent, int perTrainBatch, int testCount)
{
    const fs::path dir = parent / "cifar-10-batches-bin";
    fs::create_directories(dir);
    int64_t trainId = 0;
    for (int batch = 1; batch <= flipbench::kCifarTrainBatches; ++batch) {
        std::vector<CifarRecord> records;
        for (int i = 0; i < perTrainBatch; ++i, ++trainId)
            records.push_back(patternRecord(trainId, static_cast<uint8_t>(trainId % 10)));
        writeBatchFile(dir / ("data_batch_" + std::to_string(batch) + ".bin"), records);
    }
    std::vector<CifarRecord> test;
    for (int k = 0; k < testCount; ++k)
        test.push_back(patternRecord(1000 + k, static_cast<uint8_t>((3 * k) % 10)));
    writeBatchFile(dir / "test_batch.bin", test);

    // Blank lines (one inside, several at the end, as in the official file) must be ignored.
    std::string meta;
    for (size_t i = 0; i < cifarClassNames().size(); ++i) {
        meta += cifarClassNames()[i] + "\n";
        if (i == 4)
            meta += "\n";
    }
    meta += "\n\n";
    writeText(dir / "batches.meta.txt", meta);
    return dir;
}

fs::path writeCompletedRun(const fs::path& workspace, const std::string& name, const std::string& configJson,
                           int epochs)
{
    const auto run = flipbench::RunFolder::create(workspace, name);
    flipbench::RunStatus status;
    status.state = flipbench::RunState::Completed;
    status.epochs = status.epochsDone = epochs;
    run.writeStatus(status);
    writeText(run.file("config.json"), configJson);
    return run.dir();
}

fs::path writeDemoData(const fs::path& parent, int64_t trainSize, int64_t testSize, uint64_t seed)
{
    flipbench::DemoDataOptions options;
    options.seed = seed;
    options.trainSize = trainSize;
    options.testSize = testSize;
    return flipbench::writeDemoDataset(parent, options);
}

flipbench::RunConfig tinyRunConfig(const fs::path& dataDir, const std::string& name, int epochs, uint64_t seed)
{
    flipbench::RunConfig config;
    config.name = name;
    config.data.path = dataDir.string();
    config.model.arch = "small_cnn";
    config.train.epochs = epochs;
    config.train.batchSize = 64;
    config.train.lr = 0.05;
    config.train.seed = seed;
    config.train.device = "cpu";
    config.train.threads = 2;
    return config;
}

int64_t countEntries(const fs::path& dir)
{
    std::error_code error;
    if (!fs::is_directory(dir, error))
        return 0;
    int64_t count = 0;
    for (auto it = fs::directory_iterator(dir); it != fs::directory_iterator(); ++it)
        ++count;
    return count;
}

std::optional<fs::path> onlySubfolder(const fs::path& dir)
{
    std::error_code error;
    std::optional<fs::path> found;
    for (auto it = fs::directory_iterator(dir, error); !error && it != fs::directory_iterator(); it.increment(error)) {
        if (!it->is_directory(error))
            continue;
        if (found)
            return std::nullopt;
        found = it->path();
    }
    return found;
}

std::vector<nlohmann::json> readJsonLines(const fs::path& file, int* badLines)
{
    std::vector<nlohmann::json> records;
    std::ifstream in(file);
    int bad = 0;
    for (std::string line; std::getline(in, line);) {
        if (line.empty())
            continue;
        auto record = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
        if (record.is_discarded())
            ++bad;
        else
            records.push_back(std::move(record));
    }
    if (badLines)
        *badLines = bad;
    return records;
}

nlohmann::json readJsonFile(const fs::path& file)
{
    return nlohmann::json::parse(readBytes(file));
}

std::string metricsProblem(const fs::path& runDir, int epochs, int64_t stepsPerEpoch)
{
    const flipbench::MetricsLog log = flipbench::readMetricsLog(runDir / "metrics.jsonl");
    std::string epochList;
    int expectedEpoch = 1;
    bool epochsInOrder = true;
    for (const flipbench::EpochRecord& record : log.epochs) {
        epochList += " " + std::to_string(record.epoch);
        epochsInOrder = epochsInOrder && record.epoch == expectedEpoch++;
    }
    std::set<std::pair<int, int64_t>> steps;
    for (const flipbench::StepRecord& record : log.steps) {
        const int epoch = record.epoch;
        const int64_t step = record.step;
        if (!steps.insert({epoch, step}).second)
            return "step record of epoch " + std::to_string(epoch) + ", step " + std::to_string(step) + " twice";
        if (epoch < 1 || epoch > epochs || step < 1 || step > stepsPerEpoch)
            return "step record of epoch " + std::to_string(epoch) + ", step " + std::to_string(step);
    }
    if (log.unreadableLines > 0)
        return std::to_string(log.unreadableLines) + " lines of metrics.jsonl are not JSON";
    if (!epochsInOrder || expectedEpoch != epochs + 1)
        return "epoch records for epochs" + epochList + ", expected 1.." + std::to_string(epochs);
    if (static_cast<int64_t>(steps.size()) != epochs * stepsPerEpoch)
        return std::to_string(steps.size()) + " step records, expected " + std::to_string(epochs * stepsPerEpoch);
    return {};
}

bool waitUntil(const std::function<bool()>& condition, int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    while (!condition()) {
        if (deadline.hasExpired())
            return condition();
        QTest::qWait(20);
    }
    return true;
}

QString ProcessResult::describe() const
{
    return QString("exit %1\nstdout:\n%2\nstderr:\n%3").arg(exitCode).arg(out, err);
}

QString ProcessResult::lastLine() const
{
    const QStringList lines = out.split('\n', Qt::SkipEmptyParts);
    return lines.isEmpty() ? QString() : lines.last().trimmed();
}

ProcessResult runProcess(const QString& program, const QStringList& arguments)
{
    QProcess process;
    process.start(program, arguments);
    if (!process.waitForStarted(-1)) {
        ProcessResult result;
        result.err = "did not start: " + process.errorString();
        return result;
    }
    process.waitForFinished(-1);
    return finishedResult(process);
}

ProcessResult finishedResult(QProcess& process)
{
    ProcessResult result;
    result.out = QString::fromUtf8(process.readAllStandardOutput());
    result.err = QString::fromUtf8(process.readAllStandardError());
    if (process.state() == QProcess::NotRunning && process.exitStatus() == QProcess::NormalExit)
        result.exitCode = process.exitCode();
    else
        result.err += "\n[did not run to a normal exit: " + process.errorString() + "]";
    return result;
}

bool contains(const std::string& text, const std::string& part)
{
    return text.find(part) != std::string::npos;
}

bool startsWith(const std::string& text, const std::string& prefix)
{
    return text.rfind(prefix, 0) == 0;
}

} // namespace fbtest
