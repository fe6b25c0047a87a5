#include "ui/report/report_data.h"

#include "ui/runs/run_row.h"

#include "flipbench/runs/dataset_record.h"
#include "flipbench/runs/run_summary.h"
#include "flipbench/util/atomic_file.h"
#include "flipbench/util/errors.h"
#include "flipbench/util/json_document.h"
#include "flipbench/util/version.h"

#include <QFile>
#include <QFileInfo>

#include <algorithm>
#include <filesystem>
#include <memory>

namespace flipbench::ui {

namespace {

/// The settings of a run's config.json; none when it is missing or damaged (the report says
/// "no config.json" rather than failing).
std::vector<flipbench::ConfigSetting> readSettings(const QString& runDir)
{
    try {
        const auto file = std::filesystem::path(runDir.toStdString()) / "config.json";
        if (std::filesystem::is_regular_file(file))
            return flipbench::configSettings(flipbench::readJsonDocument(file));
    } catch (const std::exception&) {
    }
    return {};
}

/// The test set of a run's dataset.json; a missing or damaged file leaves the run without one.
void readDataset(const QString& runDir, ReportRun& run)
{
    try {
        const flipbench::DatasetRecord dataset =
            flipbench::readDatasetRecord(std::filesystem::path(runDir.toStdString()) / "dataset.json");
        run.datasetSource = QString::fromStdString(dataset.source);
        run.testSize = dataset.testSize.value_or(0);
        run.testFingerprint = QString::fromStdString(dataset.fingerprint);
    } catch (const std::exception&) {
    }
}

ReportRun readRun(const QString& path)
{
    ReportRun run;
    run.path = path;
    run.name = QFileInfo(path).fileName();
    if (QFileInfo(path).isDir()) {
        const RunRow row = readRunRow(path);
        run.method = row.method.isEmpty() ? QStringLiteral("Baseline") : row.method;
        run.state = stateText(row.state);
        run.device = row.device;
        run.finished = row.finished;
        run.tags = row.tags;
        run.note = row.note;
        run.settings = readSettings(path);
        readDataset(path, run);
        run.curves = loadRunCurves(path);
        if (run.device.isEmpty()) // runs recorded before status.json named the device
            run.device = QString::fromStdString(flipbench::settingValue(run.settings, "train.device"));
    } else {
        run.method = QStringLiteral("Imported");
        run.state = QStringLiteral("imported");
    }
    if (run.device.isEmpty())
        run.device = QObject::tr("unknown");
    return run;
}

} // namespace

QVector<ConfigRow> configRows(const QVector<ReportRun>& runs)
{
    QVector<ConfigRow> rows;
    QHash<QString, int> rowOf;
    const QString missing = QStringLiteral("—");
    for (int r = 0; r < runs.size(); ++r) {
        for (const flipbench::ConfigSetting& setting : runs[r].settings) {
            if (setting.path == "name")
                continue;
            const QString key = QString::fromStdString(setting.path);
            auto it = rowOf.find(key);
            if (it == rowOf.end()) {
                it = rowOf.insert(key, rows.size());
                rows.append({key, QStringList(runs.size(), missing), false});
            }
            rows[*it].values[r] = QString::fromStdString(setting.value);
        }
    }
    // By key, so data.*, method.*, model.*, train.* stay together whatever the first run lacks.
    std::stable_sort(rows.begin(), rows.end(), [](const ConfigRow& a, const ConfigRow& b) { return a.key < b.key; });
    for (ConfigRow& row : rows)
        row.differs = row.values.count(row.values.front()) != row.values.size();
    return rows;
}

QVector<int> topNegativeFlips(const Comparison& comparison, FlipGalleryModel::SortOrder order, int k)
{
    // The gallery's model orders the samples, so the report shows what the Compare page shows.
    FlipGalleryModel model;
    model.setComparison(std::make_shared<const Comparison>(comparison));
    model.setSampleSet(FlipGalleryModel::SampleSet::NegativeFlips);
    model.setSortOrder(order);
    return model.visibleSamples().mid(0, std::max(0, k));
}

namespace {

/// The group table of the workspace holding `oldRun` against it, when a group there has several
/// seeds; nothing for a prediction file, a workspace of single runs, or runs it cannot compare.
std::optional<flipbench::GroupTable> seedGroupsAgainst(const QString& oldRun)
{
    const std::filesystem::path old = oldRun.toStdString();
    if (!std::filesystem::exists(old / "status.json"))
        return std::nullopt;
    std::vector<std::filesystem::path> runs;
    for (const flipbench::RunSummary& run : flipbench::listRuns(old.parent_path()))
        if (run.status.state == flipbench::RunState::Completed && run.method != "imported")
            runs.push_back(run.dir);
    try {
        flipbench::GroupTableOptions groupOptions;
        groupOptions.old = old;
        flipbench::GroupTable table = flipbench::buildGroupTable(runs, groupOptions);
        for (const flipbench::GroupRow& row : table.rows)
            if (!row.isOld && row.group.runs.size() >= 2)
                return table;
    } catch (const std::exception&) {
        // runs on another test set, or without logits: the report has no such section
    }
    return std::nullopt;
}

} // namespace

ReportData loadReportData(const ReportOptions& options, const ReportProgress& progress,
                          const std::atomic_bool* cancelled)
{
    validateReportOptions(options);
    const auto stop = [&] { return cancelled && cancelled->load(); };
    const auto report = [&](double fraction, const QString& stage) {
        if (progress)
            progress(fraction, stage);
    };
    ReportData data;
    data.options = options;
    data.generated = QDateTime::currentDateTime();
    data.flipbenchVersion = QString::fromStdString(flipbenchVersion());
    data.libtorchVersion = QString::fromStdString(libtorchVersion());

    const int n = static_cast<int>(options.runs.size());
    for (int i = 0; i < n; ++i) {
        report(0.3 * i / n, QObject::tr("Reading run %1").arg(QFileInfo(options.runs[i]).fileName()));
        data.runs.append(readRun(options.runs[i]));
        if (stop())
            return {};
    }
    for (int i = 1; i < n; ++i) {
        report(0.3 + 0.4 * (i - 1) / (n - 1),
               QObject::tr("Comparing %1 with %2").arg(data.runs[0].name, data.runs[i].name));
        data.comparisons.append(computeComparison(options.runs[0], options.runs[i]));
        if (stop())
            return {};
    }
    data.runs[0].accuracy = data.comparisons[0].report.accA;
    for (int i = 1; i < n; ++i)
        data.runs[i].accuracy = data.comparisons[i - 1].report.accB;
    data.config = configRows(data.runs);
    if (n > 2 && options.has(ReportSection::Pairwise)) {
        report(0.7, QObject::tr("Pairwise negative flip rates"));
        data.pairwise = computePairwiseNfr(options.runs);
    }
    report(0.75, QObject::tr("Grouping the workspace's runs over seeds"));
    data.seedGroups = seedGroupsAgainst(options.runs[0]);
    if (stop())
        return {};
    // "A vs B" only when there are two: with more, every other run is compared with A.
    if (!options.title.isEmpty())
        data.title = options.title;
    else if (n == 2)
        data.title = QObject::tr("Model comparison: %1 vs %2").arg(data.runs[0].name, data.runs[1].name);
    else
        data.title = QObject::tr("Model comparison: %1 runs against %2").arg(n - 1).arg(data.runs[0].name);

    if (options.has(ReportSection::Gallery)) {
        report(0.85, QObject::tr("Loading the test images"));
        data.gallerySamples = topNegativeFlips(data.ab(), options.sort, options.topK);
        const QVector<QImage> all = loadComparisonImages(data.ab(), &data.galleryImagesError);
        if (!all.isEmpty())
            for (int index : data.gallerySamples)
                data.galleryImages.append(all.value(index));
    }
    report(1.0, QObject::tr("Data loaded"));
    return data;
}

} // namespace flipbench::ui
