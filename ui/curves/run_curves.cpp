#include "ui/curves/run_curves.h"

#include <QDir>
#include <QFile>

#include <nlohmann/json.hpp>

#include <cmath>
#include <limits>
#include <optional>
#include <string>
#include <vector>

namespace flipbench::ui {

namespace {

using nlohmann::json;

// Field readers that never throw: a record written by an older or newer trainer, or damaged on
// disk, loses the field instead of breaking the whole view.
std::optional<double> numberField(const json& record, const char* key)
{
    const auto it = record.find(key);
    if (it == record.end() || !it->is_number())
        return std::nullopt;
    const double value = it->get<double>();
    return std::isfinite(value) ? std::optional<double>(value) : std::nullopt;
}

std::optional<qint64> integerField(const json& record, const char* key)
{
    const auto value = numberField(record, key);
    if (!value || *value != std::floor(*value))
        return std::nullopt;
    return static_cast<qint64>(*value);
}

std::string typeOf(const json& record)
{
    const auto it = record.find("type");
    return it != record.end() && it->is_string() ? it->get<std::string>() : std::string();
}

struct LoggedStep {
    qint64 epoch = 0, step = 0;
    StepSample sample;
};

std::optional<LoggedStep> readStep(const json& record)
{
    const auto epoch = integerField(record, "epoch");
    const auto step = integerField(record, "step");
    const auto globalStep = integerField(record, "global_step");
    const auto loss = numberField(record, "loss"); // null on a diverged step: nothing to draw
    if (!epoch || !step || !globalStep || !loss || *epoch < 1 || *step < 1 || *globalStep < 1)
        return std::nullopt;
    LoggedStep logged;
    logged.epoch = *epoch;
    logged.step = *step;
    logged.sample.globalStep = *globalStep;
    logged.sample.loss = *loss;
    logged.sample.crossEntropy = numberField(record, "ce").value_or(std::numeric_limits<double>::quiet_NaN());
    logged.sample.distillation = numberField(record, "reg").value_or(0.0);
    return logged;
}

std::optional<EpochSample> readEpoch(const json& record)
{
    const auto epoch = integerField(record, "epoch");
    if (!epoch || *epoch < 1)
        return std::nullopt;
    EpochSample sample;
    sample.epoch = static_cast<int>(*epoch);
    sample.trainLoss = numberField(record, "train_loss").value_or(std::numeric_limits<double>::quiet_NaN());
    sample.trainAccuracy = numberField(record, "train_acc").value_or(std::numeric_limits<double>::quiet_NaN());
    sample.testAccuracy = numberField(record, "test_acc").value_or(std::numeric_limits<double>::quiet_NaN());
    sample.valAccuracy = numberField(record, "val_acc");
    sample.testNfr = numberField(record, "test_nfr");
    sample.testPfr = numberField(record, "test_pfr");
    sample.valNfr = numberField(record, "val_nfr");
    sample.valPfr = numberField(record, "val_pfr");
    sample.seconds = numberField(record, "seconds").value_or(0.0);
    return sample;
}

/// Steps per epoch from the records: global_step = (epoch - 1) * stepsPerEpoch + step gives it
/// exactly once a record of epoch 2 or later exists. Within the first epoch the last step is
/// always logged only when the epoch ends, so the largest step seen is the best guess until then.
qint64 stepsPerEpochOf(const std::vector<LoggedStep>& steps)
{
    qint64 largestStep = 1;
    for (const auto& logged : steps) {
        if (logged.epoch > 1) {
            const qint64 perEpoch = (logged.sample.globalStep - logged.step) / (logged.epoch - 1);
            if (perEpoch >= logged.step)
                return perEpoch;
        }
        largestStep = std::max(largestStep, logged.step);
    }
    return largestStep;
}

} // namespace

void RunCurves::append(const RunProgress& progress)
{
    // The report knows the real epoch length; curves read from disk during the first epoch had to
    // guess it, which would put the first live points behind the ones read.
    if (progress.epochs > 0 && progress.totalSteps > 0 && !steps.isEmpty()) {
        const double perEpoch = static_cast<double>(progress.totalSteps) / progress.epochs;
        const auto& last = steps.constLast();
        if (std::abs(last.epochPosition - static_cast<double>(last.globalStep) / perEpoch) > 1e-9)
            for (auto& sample : steps)
                sample.epochPosition = static_cast<double>(sample.globalStep) / perEpoch;
    }
    // A step or epoch that comes again replaces what the curve had from there on: a resumed run
    // replays from its checkpoint, and the curve may have been read before the trainer cut the
    // metrics file back to it (the same rule loadRunCurves applies to records on disk).
    for (const auto& sample : progress.steps) {
        while (!steps.isEmpty() && steps.constLast().globalStep >= sample.globalStep)
            steps.removeLast();
        steps.append(sample);
    }
    for (const auto& sample : progress.epochs_) {
        while (!epochs.isEmpty() && epochs.constLast().epoch >= sample.epoch)
            epochs.removeLast();
        epochs.append(sample);
    }
}

RunCurves loadRunCurves(const QString& runDir)
{
    RunCurves curves;
    QFile file(QDir(runDir).filePath(QStringLiteral("metrics.jsonl")));
    if (!file.open(QIODevice::ReadOnly))
        return curves;

    std::vector<LoggedStep> steps;
    while (!file.atEnd()) {
        const QByteArray line = file.readLine().trimmed();
        if (line.isEmpty())
            continue;
        // A torn last line (the trainer is still writing it) or damage: skip it, keep the rest.
        const json record = json::parse(line.constBegin(), line.constEnd(), nullptr, /*allow_exceptions=*/false);
        if (!record.is_object())
            continue;
        const std::string type = typeOf(record);
        // A record that goes back in time means the run was resumed without truncating: the later
        // records replace what they repeat.
        if (type == "step") {
            if (auto logged = readStep(record)) {
                while (!steps.empty() && steps.back().sample.globalStep >= logged->sample.globalStep)
                    steps.pop_back();
                steps.push_back(*logged);
            }
        } else if (type == "epoch") {
            if (auto sample = readEpoch(record)) {
                while (!curves.epochs.isEmpty() && curves.epochs.constLast().epoch >= sample->epoch)
                    curves.epochs.removeLast();
                curves.epochs.append(*sample);
            }
        }
    }

    const double perEpoch = static_cast<double>(stepsPerEpochOf(steps));
    curves.steps.reserve(static_cast<int>(steps.size()));
    for (auto& logged : steps) {
        // (epoch - 1) + step / stepsPerEpoch, written so it stays exact for whole epochs.
        logged.sample.epochPosition =
            static_cast<double>(logged.epoch - 1) + static_cast<double>(logged.step) / perEpoch;
        curves.steps.append(logged.sample);
    }
    return curves;
}

} // namespace flipbench::ui
