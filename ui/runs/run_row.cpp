#include "ui/runs/run_row.h"

#include "ui/compare/model_source.h"

#include <flipbench/runs/run_summary.h>

#include <QDir>
#include <QFileInfo>

#include <algorithm>

namespace flipbench::ui {

namespace {

QDateTime parseTime(const std::string& iso)
{
    return iso.empty() ? QDateTime() : QDateTime::fromString(QString::fromStdString(iso), Qt::ISODate);
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
    return QString::fromStdString(
        flipbench::methodLabel(imported ? std::string("imported") : method.toStdString(), size_t(referenceCount)));
}

RunRow readRunRow(const QString& runDir)
{
    RunRow row = runRowOf(flipbench::readRunSummary(runDir.toStdString()));
    row.dir = runDir; // as the caller names it: rows are matched by it
    return row;
}

RunRow runRowOf(const flipbench::RunSummary& run)
{
    RunRow row;
    row.dir = QString::fromStdString(run.dir.string());
    row.name = QString::fromStdString(run.name);
    const flipbench::RunStatus& status = run.status;
    row.state = status.state;
    row.message = QString::fromStdString(status.message);
    row.unreadable = run.unreadable;
    if (run.unreadable) {
        row.message = QObject::tr("Cannot read this run: %1").arg(row.message);
        return row;
    }
    row.device = QString::fromStdString(status.device);
    row.host = QString::fromStdString(status.host);
    row.job = QString::fromStdString(status.job);
    row.remote = status.remote;
    row.stale = status.stale;
    row.heartbeatAgeSeconds = status.heartbeatAgeSeconds;
    row.epochsDone = status.epochsDone;
    row.epochs = status.epochs;
    row.progress = status.epochs > 0 ? double(status.epochsDone) / status.epochs : 0;
    row.created = parseTime(status.created);
    row.started = parseTime(status.started);
    row.finished = parseTime(status.finished);
    row.updated = parseTime(status.updated);
    row.trainingSeconds = status.trainingSeconds;
    row.arch = QString::fromStdString(run.arch);
    QStringList references;
    for (const auto& reference : run.references)
        references.append(QString::fromStdString(reference));
    row.reference = references.join(QStringLiteral(", "));
    row.method = QString::fromStdString(run.methodLabel());
    for (const auto& tag : run.tags)
        row.tags.append(QString::fromStdString(tag));
    row.note = QString::fromStdString(run.note);
    if (!run.notesError.empty()) // the note's tooltip says why it is empty; saving new notes replaces the file
        row.note = QObject::tr("Its notes cannot be read: %1").arg(QString::fromStdString(run.notesError));
    row.accuracy = run.testAccuracy;
    row.nfr = run.testNfr;
    row.pfr = run.testPfr;
    if (run.plan) {
        row.planKey = QString::fromStdString(run.plan->plan);
        row.planLabel = QString::fromStdString(run.plan->label);
        row.planSize = run.plan->size;
        row.planPosition = run.plan->position;
    }
    return row;
}

QVector<RunRow> readWorkspaceRows(const QString& workspace)
{
    QVector<RunRow> rows;
    try {
        for (const flipbench::RunSummary& run : flipbench::listRuns(workspace.toStdString())) {
            rows.append(runRowOf(run));
            rows.back().dir = QFileInfo(rows.back().dir).absoluteFilePath();
        }
    } catch (const std::exception&) {
        // Not a folder (deleted, unmounted): no runs to show.
    }
    return rows;
}

QString workspaceSignature(const QString& workspace)
{
    QString signature;
    const QDir dir(workspace);
    for (const QString& name : dir.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name)) {
        signature += name;
        for (const char* file : {"status.json", "metrics.jsonl"}) {
            const QFileInfo info(dir.filePath(name + QLatin1Char('/') + QLatin1String(file)));
            signature += QStringLiteral("|%1:%2").arg(info.lastModified().toMSecsSinceEpoch()).arg(info.size());
        }
        signature += QLatin1Char('\n');
    }
    return signature;
}

} // namespace flipbench::ui
