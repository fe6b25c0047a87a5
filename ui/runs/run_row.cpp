#include "ui/runs/run_row.h"

#include "ui/compare/model_source.h"

#include <flipbench/runs/plan_membership.h>
#include <flipbench/runs/run_notes.h>
#include <flipbench/runs/run_store.h>

#include <QDir>
#include <QFileInfo>

#include <algorithm>

namespace flipbench::ui {

namespace {

QDateTime parseTime(const std::string& iso)
{
    return iso.empty() ? QDateTime() : QDateTime::fromString(QString::fromStdString(iso), Qt::ISODate);
}

void readConfig(const flipbench::RunFolder& run, RunRow& row)
{
    if (!QFileInfo::exists(QString::fromStdString(run.file("config.json").string())))
        return;
    const nlohmann::json config = run.readJson("config.json");
    row.arch = QString::fromStdString(config.value("model", nlohmann::json::object()).value("arch", ""));
    const auto method = config.value("method", nlohmann::json::object());
    QStringList references;
    for (const auto& reference : method.value("reference", nlohmann::json::array()))
        if (reference.is_string())
            references.append(QFileInfo(QString::fromStdString(reference.get<std::string>())).fileName());
    row.reference = references.join(QStringLiteral(", "));
    row.method = methodLabel(QString::fromStdString(method.value("name", "baseline")), int(references.size()),
                             config.contains("import"));
}

void readNotes(const flipbench::RunFolder& run, RunRow& row)
{
    try {
        const flipbench::RunNotes notes = flipbench::readRunNotes(run);
        for (const auto& tag : notes.tags)
            row.tags.append(QString::fromStdString(tag));
        row.note = QString::fromStdString(notes.note);
    } catch (const std::exception& e) {
        // Only the user's annotations are lost, not the run: it stays listed and usable, and the
        // note's tooltip says why it is empty (saving new notes replaces the damaged file).
        row.note = QObject::tr("Its notes cannot be read: %1").arg(QString::fromUtf8(e.what()));
    }
}

void readLastEpoch(const flipbench::RunFolder& run, RunRow& row)
{
    if (const flipbench::EpochRecord* last = run.readMetrics().lastEpoch()) {
        row.accuracy = last->testAccuracy;
        row.nfr = last->testNfr;
        row.pfr = last->testPfr;
    }
}

} // namespace

double RunRow::durationSeconds() const
{
    if (trainingSeconds) {
        if (state != flipbench::RunState::Running)
            return *trainingSeconds;
        // Training now: the recorded time runs up to the last status write (each epoch end), or
        // up to when this window saw the session start, if the row was read before it began.
        const QDateTime since = liveSince.isValid() ? liveSince : updated;
        const qint64 more = since.isValid() ? std::max<qint64>(0, since.secsTo(QDateTime::currentDateTimeUtc())) : 0;
        return *trainingSeconds + double(more);
    }
    if (!started.isValid())
        return 0;
    QDateTime end = finished;
    if (state == flipbench::RunState::Running)
        end = QDateTime::currentDateTimeUtc();
    else if (!end.isValid())
        end = updated; // interrupted: the last sign of life
    return end.isValid() ? std::max<qint64>(0, started.secsTo(end)) : 0;
}

std::pair<QString, QString> comparisonPairFor(const QList<const RunRow*>& selected,
                                              const QVector<RunRow>& workspaceRows)
{
    const auto completed = [](const RunRow& row) {
        return !row.dir.isEmpty() && row.state == flipbench::RunState::Completed;
    };
    QList<const RunRow*> runs;
    for (const RunRow* row : selected)
        if (row && completed(*row))
            runs.append(row);
    // References are stored as folder names: find them among the workspace's completed runs.
    const auto referenceOf = [&](const RunRow& row) -> QString {
        if (row.reference.isEmpty())
            return {};
        QStringList paths;
        for (const QString& name : row.reference.split(QStringLiteral(", "))) {
            const auto it = std::find_if(workspaceRows.begin(), workspaceRows.end(), [&](const RunRow& candidate) {
                return completed(candidate) && QFileInfo(candidate.dir).fileName() == name;
            });
            if (it == workspaceRows.end())
                return {}; // a reference that is gone or not finished: no pair from it
            paths.append(it->dir);
        }
        return paths.size() == 1 ? paths.first() : ensembleKey(paths);
    };
    // A selected run whose reference is selected as well, then any selected run with a reference.
    for (const bool referenceSelected : {true, false})
        for (const RunRow* row : runs) {
            const QString reference = referenceOf(*row);
            const bool isSelected =
                std::any_of(runs.begin(), runs.end(), [&](const RunRow* other) { return other->dir == reference; });
            if (!reference.isEmpty() && reference != row->dir && (isSelected || !referenceSelected))
                return {reference, row->dir};
        }
    if (runs.size() >= 2)
        return {runs[0]->dir, runs[1]->dir};
    return {};
}

QString methodOfModel(const QString& path)
{
    if (!QFileInfo(path).isDir())
        return QStringLiteral("Imported");
    const QString method = readRunRow(path).method;
    return method.isEmpty() ? QStringLiteral("Baseline") : method;
}

QString methodLabel(const QString& method, int referenceCount, bool imported)
{
    if (imported)
        return QStringLiteral("Imported");
    if (method == QLatin1String("fd"))
        return QStringLiteral("FD");
    if (method == QLatin1String("ldi"))
        return referenceCount > 1 ? QStringLiteral("ELODI") : QStringLiteral("LDI");
    return QStringLiteral("Baseline");
}

RunRow readRunRow(const QString& runDir)
{
    RunRow row;
    row.dir = runDir;
    row.name = QFileInfo(runDir).fileName();
    try {
        const auto run = flipbench::RunFolder::open(runDir.toStdString());
        const flipbench::RunStatus status = run.readStatus();
        row.state = status.state;
        row.message = QString::fromStdString(status.message);
        row.device = QString::fromStdString(status.device);
        row.epochsDone = status.epochsDone;
        row.epochs = status.epochs;
        row.progress = status.epochs > 0 ? double(status.epochsDone) / status.epochs : 0;
        row.created = parseTime(status.created);
        row.started = parseTime(status.started);
        row.finished = parseTime(status.finished);
        row.updated = parseTime(status.updated);
        row.trainingSeconds = status.trainingSeconds;
        readConfig(run, row);
        readNotes(run, row);
        readLastEpoch(run, row);
        if (const auto plan = flipbench::planOfRun(run.dir())) {
            row.planKey = QString::fromStdString(plan->plan);
            row.planLabel = QString::fromStdString(plan->label);
            row.planSize = plan->size;
        }
    } catch (const std::exception& e) {
        row.state = flipbench::RunState::Failed;
        row.unreadable = true;
        row.message = QObject::tr("Cannot read this run: %1").arg(QString::fromUtf8(e.what()));
    }
    return row;
}

QVector<RunRow> readWorkspaceRows(const QString& workspace)
{
    // The same folders as flipbench::listRuns, read once each (listRuns parses metrics too).
    QVector<RunRow> rows;
    const QDir dir(workspace);
    for (const QFileInfo& entry : dir.entryInfoList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        if (QFileInfo::exists(entry.filePath() + QStringLiteral("/status.json")))
            rows.append(readRunRow(entry.absoluteFilePath()));
    }
    std::sort(rows.begin(), rows.end(), [](const RunRow& a, const RunRow& b) {
        return std::make_pair(a.created, a.name) < std::make_pair(b.created, b.name);
    });
    return rows;
}

} // namespace flipbench::ui
