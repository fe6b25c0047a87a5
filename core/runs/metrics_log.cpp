#include "flipbench/runs/metrics_log.h"

#include "flipbench/util/atomic_file.h"
#include "flipbench/util/errors.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>
#include <limits>

namespace fs = std::filesystem;
using nlohmann::json;

namespace flipbench {

namespace {

// Field readers that never throw: a record written by an older or newer trainer, or damaged on
// disk, loses the field instead of the whole log.
std::optional<double> numberField(const json& record, const char* key)
{
    const auto it = record.find(key);
    if (it == record.end() || !it->is_number())
        return std::nullopt;
    const double value = it->get<double>();
    return std::isfinite(value) ? std::optional<double>(value) : std::nullopt;
}

std::optional<int64_t> integerField(const json& record, const char* key)
{
    const auto value = numberField(record, key);
    if (!value || *value != std::floor(*value) || std::abs(*value) > 9.0e15)
        return std::nullopt;
    return static_cast<int64_t>(*value);
}

int epochField(const json& record)
{
    const auto epoch = integerField(record, "epoch");
    return epoch && *epoch >= std::numeric_limits<int>::min() && *epoch <= std::numeric_limits<int>::max()
               ? static_cast<int>(*epoch)
               : 0;
}

std::string typeOf(const json& record)
{
    const auto it = record.find("type");
    return it != record.end() && it->is_string() ? it->get<std::string>() : std::string();
}

void setIf(json& record, const char* key, const std::optional<double>& value)
{
    if (value)
        record[key] = *value;
}

StepRecord readStep(const json& j)
{
    StepRecord r;
    r.epoch = epochField(j);
    r.step = integerField(j, "step").value_or(0);
    r.globalStep = integerField(j, "global_step");
    r.loss = numberField(j, "loss");
    r.crossEntropy = numberField(j, "ce");
    r.distillation = numberField(j, "reg");
    r.lr = numberField(j, "lr");
    r.imagesPerSecond = numberField(j, "img_s");
    const auto diverged = j.find("diverged");
    r.diverged = diverged != j.end() && diverged->is_boolean() && diverged->get<bool>();
    return r;
}

EpochRecord readEpoch(const json& j)
{
    EpochRecord r;
    r.epoch = epochField(j);
    r.trainLoss = numberField(j, "train_loss");
    r.trainAccuracy = numberField(j, "train_acc");
    r.testLoss = numberField(j, "test_loss");
    r.testAccuracy = numberField(j, "test_acc");
    r.seconds = numberField(j, "seconds");
    r.imagesPerSecond = numberField(j, "img_s");
    r.valAccuracy = numberField(j, "val_acc");
    r.testNfr = numberField(j, "test_nfr");
    r.testPfr = numberField(j, "test_pfr");
    r.valNfr = numberField(j, "val_nfr");
    r.valPfr = numberField(j, "val_pfr");
    return r;
}

WarningRecord readWarning(const json& j)
{
    WarningRecord r;
    r.epoch = epochField(j);
    r.step = integerField(j, "step").value_or(0);
    const auto message = j.find("message");
    if (message != j.end() && message->is_string())
        r.message = message->get<std::string>();
    return r;
}

/// The JSON objects of the file's lines, in order; `unreadable` counts the lines that are none.
template <typename Visit> void forEachRecord(const fs::path& file, int& unreadable, Visit&& visit)
{
    std::ifstream in(file);
    for (std::string line; std::getline(in, line);) {
        if (line.find_first_not_of(" \t\r") == std::string::npos)
            continue;
        // A crash can leave a torn last line; everything before it is still good.
        const json record = json::parse(line, nullptr, /*allow_exceptions=*/false);
        if (record.is_object())
            visit(record);
        else
            ++unreadable;
    }
}

void appendLine(const fs::path& file, const std::string& line)
{
    std::ofstream out(file, std::ios::app);
    out << line << '\n';
    out.flush();
    if (!out)
        throw UserError("Could not append to " + file.string() + " (disk full?)");
}

} // namespace

StepRecord stepRecordOf(const StepProgress& progress)
{
    StepRecord r;
    r.epoch = progress.epoch;
    r.step = progress.step;
    r.globalStep = progress.globalStep;
    r.loss = progress.loss;
    r.crossEntropy = progress.crossEntropy;
    r.distillation = progress.distillation;
    r.lr = progress.lr;
    r.imagesPerSecond = progress.imagesPerSecond;
    return r;
}

EpochRecord epochRecordOf(const EpochReport& report)
{
    EpochRecord r;
    r.epoch = report.epoch;
    r.trainLoss = report.trainLoss;
    r.trainAccuracy = report.trainAccuracy;
    r.testLoss = report.testLoss;
    r.testAccuracy = report.testAccuracy;
    r.seconds = report.seconds;
    r.imagesPerSecond = report.imagesPerSecond;
    r.valAccuracy = report.valAccuracy;
    r.testNfr = report.testNfr;
    r.testPfr = report.testPfr;
    r.valNfr = report.valNfr;
    r.valPfr = report.valPfr;
    return r;
}

EpochReport epochReportOf(const EpochRecord& record)
{
    constexpr double kUnknown = std::numeric_limits<double>::quiet_NaN();
    EpochReport report;
    report.epoch = record.epoch;
    report.trainLoss = record.trainLoss.value_or(kUnknown);
    report.trainAccuracy = record.trainAccuracy.value_or(kUnknown);
    report.testLoss = record.testLoss.value_or(kUnknown);
    report.testAccuracy = record.testAccuracy.value_or(kUnknown);
    report.seconds = record.seconds.value_or(0.0);
    report.imagesPerSecond = record.imagesPerSecond.value_or(0.0);
    report.valAccuracy = record.valAccuracy;
    report.testNfr = record.testNfr;
    report.testPfr = record.testPfr;
    report.valNfr = record.valNfr;
    report.valPfr = record.valPfr;
    return report;
}

// nlohmann::json keeps an object's keys sorted, so every line lists them alphabetically: the
// bytes older versions wrote for the same record.
std::string metricsLine(const StepRecord& r)
{
    json j = {{"type", "step"}, {"epoch", r.epoch}, {"step", r.step}};
    if (r.globalStep)
        j["global_step"] = *r.globalStep;
    j["loss"] = r.loss ? json(*r.loss) : json(nullptr);
    setIf(j, "ce", r.crossEntropy);
    setIf(j, "reg", r.distillation);
    setIf(j, "lr", r.lr);
    setIf(j, "img_s", r.imagesPerSecond);
    if (r.diverged)
        j["diverged"] = true;
    return j.dump();
}

std::string metricsLine(const EpochRecord& r)
{
    json j = {{"type", "epoch"}, {"epoch", r.epoch}};
    setIf(j, "train_loss", r.trainLoss);
    setIf(j, "train_acc", r.trainAccuracy);
    setIf(j, "test_loss", r.testLoss);
    setIf(j, "test_acc", r.testAccuracy);
    setIf(j, "seconds", r.seconds);
    setIf(j, "img_s", r.imagesPerSecond);
    setIf(j, "val_acc", r.valAccuracy);
    setIf(j, "test_nfr", r.testNfr);
    setIf(j, "test_pfr", r.testPfr);
    setIf(j, "val_nfr", r.valNfr);
    setIf(j, "val_pfr", r.valPfr);
    return j.dump();
}

std::string metricsLine(const WarningRecord& r)
{
    return json({{"type", "warning"}, {"epoch", r.epoch}, {"step", r.step}, {"message", r.message}}).dump();
}

void appendMetricsRecord(const fs::path& file, const StepRecord& record)
{
    appendLine(file, metricsLine(record));
}

void appendMetricsRecord(const fs::path& file, const EpochRecord& record)
{
    appendLine(file, metricsLine(record));
}

void appendMetricsRecord(const fs::path& file, const WarningRecord& record)
{
    appendLine(file, metricsLine(record));
}

MetricsLog readMetricsLog(const fs::path& file)
{
    MetricsLog log;
    forEachRecord(file, log.unreadableLines, [&](const json& record) {
        const std::string type = typeOf(record);
        if (type == "step")
            log.steps.push_back(readStep(record));
        else if (type == "epoch")
            log.epochs.push_back(readEpoch(record));
        else if (type == "warning")
            log.warnings.push_back(readWarning(record));
        else
            ++log.otherRecords;
    });
    return log;
}

void truncateMetricsLog(const fs::path& file, int epochsDone)
{
    // On the JSON, not the typed records: a record this version does not know survives a resume.
    std::string kept;
    int unreadable = 0;
    forEachRecord(file, unreadable, [&](const json& record) {
        if (epochField(record) <= epochsDone)
            kept += record.dump() + "\n";
    });
    writeTextAtomically(file, kept);
}

} // namespace flipbench
