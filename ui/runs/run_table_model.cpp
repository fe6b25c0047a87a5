#include "ui/runs/run_table_model.h"

#include "ui/runs/run_arrangement.h"

#include "ui/widgets/number_format.h"

#include <QBrush>
#include <QColor>
#include <QFont>
#include <QHash>

#include <algorithm>

namespace flipbench::ui {

namespace {

QString percent(const std::optional<double>& value)
{
    return value ? formatPercent(*value) : QString();
}

QColor stateColour(flipbench::RunState state)
{
    using flipbench::RunState;
    if (state == RunState::Failed)
        return QColor(0xc6, 0x28, 0x28);
    if (state == RunState::Interrupted || state == RunState::Cancelled || state == RunState::Skipped)
        return QColor(0xb2, 0x6a, 0x00);
    if (state == RunState::Completed)
        return QColor(0x2e, 0x7d, 0x32);
    return {};
}

} // namespace

QString formatDuration(double seconds)
{
    const qint64 total = qRound64(std::max(0.0, seconds));
    const qint64 h = total / 3600, m = (total / 60) % 60, s = total % 60;
    if (h > 0)
        return QStringLiteral("%1:%2:%3").arg(h).arg(m, 2, 10, QLatin1Char('0')).arg(s, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1:%2").arg(m).arg(s, 2, 10, QLatin1Char('0'));
}

RunTableModel::RunTableModel(QObject* parent) : QAbstractTableModel(parent) {}

int RunTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(rows_.size());
}

int RunTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant RunTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    static const char* const titles[ColumnCount] = {
        QT_TR_NOOP("Name"),  QT_TR_NOOP("Tags"),   QT_TR_NOOP("Method"),  QT_TR_NOOP("Reference"),
        QT_TR_NOOP("Model"), QT_TR_NOOP("Status"), QT_TR_NOOP("Device"),  QT_TR_NOOP("Accuracy"),
        QT_TR_NOOP("NFR"),   QT_TR_NOOP("PFR"),    QT_TR_NOOP("Duration")};
    if (role == Qt::DisplayRole)
        return tr(titles[section]);
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case Accuracy:
            return tr("Test accuracy after the last finished epoch.");
        case Nfr:
            return tr("Negative flip rate: share of test images the reference got right and this run gets wrong.");
        case Pfr:
            return tr("Positive flip rate: share of test images the reference got wrong and this run gets right.");
        case Reference:
            return tr("The old model(s) this run is trained against; several form an ensemble.");
        case Tags:
            return tr("Your tags for the run; hover for its note. Right-click a run to edit them.");
        default:
            return {};
        }
    }
    return {};
}

QString RunTableModel::statusText(const RunRow& row) const
{
    if (row.state == flipbench::RunState::Running && row.stale)
        return tr("stale · no heartbeat from %1 for %2")
            .arg(row.host, formatDuration(row.heartbeatAgeSeconds.value_or(0)));
    if (row.state == flipbench::RunState::Running) {
        QString text = tr("epoch %1/%2").arg(std::max(1, row.epochsDone + 1)).arg(row.epochs);
        if (row.epochs > 0 && row.epochsDone >= row.epochs)
            text = tr("finishing");
        if (row.etaSeconds >= 0)
            text += tr(" · %1 left").arg(formatDuration(row.etaSeconds));
        if (row.jobId == 0 && !row.host.isEmpty()) // trained by another process: where (its job in the tooltip)
            text += tr(" · on %1").arg(row.host);
        return text;
    }
    if (row.isQueuedInScheduler())
        return tr("queued in %1").arg(row.job.section(QLatin1Char(' '), 0, 0).toUpper());
    if (row.state == flipbench::RunState::Interrupted || row.state == flipbench::RunState::Cancelled)
        return tr("%1 at epoch %2/%3").arg(stateText(row.state)).arg(row.epochsDone).arg(row.epochs);
    return stateText(row.state);
}

QVariant RunTableModel::displayValue(const RunRow& row, int column) const
{
    if (row.isGroup) {
        const RunGroupFigures& group = *row.figures;
        const auto cell = [](const std::optional<RateCell>& rate) { return rate ? rate->text : QString(); };
        switch (column) {
        case Name:
            // The triangle says what a click on it does, as a tree's branch does.
            return (isCollapsed(group.key) ? QStringLiteral("▸ ") : QStringLiteral("▾ ")) + row.name;
        case Status:
            return row.isPlanGroup() ? row.planProgress : tr("%1 seeds").arg(group.runDirs.size());
        case Accuracy:
            return cell(group.accuracy);
        case Nfr:
            return cell(group.nfr);
        case Pfr:
            return cell(group.pfr);
        default:
            break;
        }
    }
    switch (column) {
    case Name:
        // A group's runs are indented under its row.
        return row.groupKey.isEmpty() ? row.name : QStringLiteral("\u2003\u2003") + row.name;
    case Tags:
        return row.tags.join(QStringLiteral(", "));
    case Method:
        return row.method;
    case Reference:
        return row.reference.isEmpty() ? QStringLiteral("—") : row.reference;
    case Model:
        return row.arch;
    case Status:
        return statusText(row);
    case Device:
        return row.device;
    case Accuracy:
        return percent(row.accuracy);
    case Nfr:
        return percent(row.nfr);
    case Pfr:
        return percent(row.pfr);
    case Duration:
        return row.hasDuration() ? formatDuration(row.durationSeconds()) : QString();
    }
    return {};
}

QString RunTableModel::figuresToolTip(const RunRow& row, int column) const
{
    if (!row.figures)
        return {};
    const std::optional<RateCell>* rate = nullptr;
    switch (column) {
    case Name:
        if (!row.isGroup)
            return {};
        if (row.isPlanGroup())
            return tr("Plan %1: %2 runs queued together, %3. Right-click it for the plan's summary; click the "
                      "triangle to collapse or expand it.")
                .arg(row.name)
                .arg(row.planSize)
                .arg(row.message);
        return tr("%1: %2 runs with the same settings and other seeds. Click the triangle to collapse or expand them.")
            .arg(row.name)
            .arg(row.figures->runDirs.size());
    case Accuracy:
        rate = &row.figures->accuracy;
        break;
    case Nfr:
        rate = &row.figures->nfr;
        break;
    case Pfr:
        rate = &row.figures->pfr;
        break;
    default:
        return {};
    }
    if (!*rate)
        return {};
    QString text = (*rate)->toolTip;
    // Beside every NFR, the churn retraining gives for free.
    if (column == Nfr && !groups_.noiseFloor.isEmpty())
        text += QStringLiteral("\n\n") + groups_.noiseFloor;
    return text;
}

QVariant RunTableModel::sortValue(const RunRow& row, int column) const
{
    const auto number = [](const std::optional<double>& v) { return v ? *v : -1.0; };
    if (row.isGroup) {
        const auto mean = [](const std::optional<RateCell>& rate) { return rate ? rate->mean : -1.0; };
        switch (column) {
        case Name:
            return row.name;
        case Accuracy:
            return mean(row.figures->accuracy);
        case Nfr:
            return mean(row.figures->nfr);
        case Pfr:
            return mean(row.figures->pfr);
        default:
            break;
        }
    }
    switch (column) {
    case Name:
        return row.name;
    case Status:
        return stateText(row.state); // alphabetical, as the words read
    case Accuracy:
        return number(row.accuracy);
    case Nfr:
        return number(row.nfr);
    case Pfr:
        return number(row.pfr);
    case Duration:
        return row.durationSeconds();
    default:
        return displayValue(row, column);
    }
}

QVariant RunTableModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= rows_.size())
        return {};
    const RunRow& row = rows_[index.row()];
    switch (role) {
    case Qt::DisplayRole:
        return displayValue(row, index.column());
    case SortRole:
        return sortValue(row, index.column());
    case RunDirRole:
        return row.dir;
    case JobIdRole:
        return row.jobId;
    case StateRole:
        return static_cast<int>(row.state);
    case ProgressRole:
        return row.progress;
    case FilterRole:
        if (index.column() == Tags)
            return row.tags.join(QStringLiteral(", ")) + QLatin1Char('\n') + row.note;
        return displayValue(row, index.column());
    case Qt::ToolTipRole:
        if (const QString figures = figuresToolTip(row, index.column()); !figures.isEmpty())
            return figures;
        if (index.column() == Tags && !row.note.isEmpty())
            return row.note;
        if (index.column() == Status && row.state == flipbench::RunState::Running && row.jobId == 0 &&
            !row.host.isEmpty()) // who trains it, and when it last said so
            return (row.job.isEmpty() ? tr("Trained by process on %1").arg(row.host)
                                      : tr("Trained by %1 on %2").arg(row.job, row.host)) +
                   (row.heartbeatAgeSeconds
                        ? tr("; its last heartbeat %1 ago").arg(formatDuration(*row.heartbeatAgeSeconds))
                        : QString()) +
                   (row.message.isEmpty() ? QString() : QStringLiteral("\n\n") + row.message);
        if (!row.message.isEmpty())
            return row.message;
        if (index.column() == Name)
            return row.note.isEmpty() ? row.dir : row.dir + QStringLiteral("\n\n") + row.note;
        return {};
    case Qt::FontRole:
        if (row.isGroup) { // a group's row heads its runs
            QFont font;
            font.setBold(true);
            return font;
        }
        return {};
    case Qt::ForegroundRole:
        if (index.column() == Status && stateColour(row.state).isValid())
            return QBrush(stateColour(row.state));
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() >= Accuracy)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    default:
        return {};
    }
}

void RunTableModel::setRows(const QVector<RunRow>& rows)
{
    runs_ = rows;
    replaceRows(arrangedRows());
}

void RunTableModel::setGroups(const RunGroupsSnapshot& snapshot)
{
    groups_ = snapshot;
    figures_.clear();
    for (const RunGroupFigures& group : groups_.groups)
        figures_.append(std::make_shared<const RunGroupFigures>(group));
    replaceRows(arrangedRows());
}

void RunTableModel::setGrouping(Grouping grouping)
{
    if (grouping == grouping_)
        return;
    grouping_ = grouping;
    replaceRows(arrangedRows());
}

void RunTableModel::setCollapsed(const QString& groupKey, bool collapsed)
{
    if (collapsed == collapsed_.contains(groupKey))
        return;
    if (collapsed)
        collapsed_.insert(groupKey);
    else
        collapsed_.remove(groupKey);
    const int r = rowOfKey(groupKey);
    if (r >= 0)
        Q_EMIT dataChanged(index(r, Name), index(r, Name));
    Q_EMIT collapsedChanged();
}

void RunTableModel::setAllCollapsed(bool collapsed)
{
    for (const RunRow& row : rows_)
        if (row.isGroup)
            setCollapsed(row.key(), collapsed);
}

QVector<RunRow> RunTableModel::arrangedRows() const
{
    switch (grouping_) {
    case Grouping::Seeds:
        return arrangeBySeeds(runs_, figures_);
    case Grouping::Plans:
        return arrangeByPlans(runs_, figures_);
    case Grouping::None:
        break;
    }
    return arrangeUngrouped(runs_, figures_);
}

void RunTableModel::reindex()
{
    rowOfKey_.clear();
    for (int i = 0; i < rows_.size(); ++i)
        rowOfKey_.insert(rows_[i].key(), i);
}

void RunTableModel::replaceRows(const QVector<RunRow>& rows)
{
    QHash<QString, int> incoming;
    for (int i = 0; i < rows.size(); ++i)
        incoming.insert(rows[i].key(), i);
    // 1. Remove rows that are gone (from the back, so indexes stay valid).
    for (int i = int(rows_.size()) - 1; i >= 0; --i) {
        if (!incoming.contains(rows_[i].key())) {
            beginRemoveRows({}, i, i);
            rows_.removeAt(i);
            reindex();
            endRemoveRows();
        }
    }
    // 2. Update the ones still there, append the new ones.
    QHash<QString, int> existing;
    for (int i = 0; i < rows_.size(); ++i)
        existing.insert(rows_[i].key(), i);
    for (const RunRow& row : rows) {
        const auto it = existing.find(row.key());
        if (it != existing.end()) {
            rows_[*it] = row;
            Q_EMIT dataChanged(index(*it, 0), index(*it, ColumnCount - 1));
        } else {
            beginInsertRows({}, int(rows_.size()), int(rows_.size()));
            rows_.append(row);
            rowOfKey_.insert(row.key(), int(rows_.size()) - 1);
            endInsertRows();
        }
    }
    // 3. Put them in the given order (a queued job that got its folder moves among the runs),
    // keeping selections and other persistent indexes on their rows.
    bool sameOrder = true;
    for (int i = 0; i < rows_.size() && sameOrder; ++i)
        sameOrder = rows_[i].key() == rows[i].key();
    if (sameOrder) {
        emitIfRegrouped();
        return;
    }
    Q_EMIT layoutAboutToBeChanged();
    const QModelIndexList before = persistentIndexList();
    QModelIndexList after;
    for (const QModelIndex& old : before)
        after.append(index(incoming.value(rows_[old.row()].key()), old.column()));
    rows_ = rows;
    reindex();
    changePersistentIndexList(before, after);
    Q_EMIT layoutChanged();
    emitIfRegrouped();
}

void RunTableModel::emitIfRegrouped()
{
    // Which rows are shown depends across rows (a group's runs on its row, the row on its runs)
    // only through the grouping: the proxy filters again when that changes, not on every reload.
    QStringList arrangement;
    arrangement.reserve(rows_.size());
    for (const RunRow& row : rows_)
        if (row.isGroup || !row.groupKey.isEmpty())
            arrangement << row.key() + QLatin1Char('\t') + row.groupKey;
    if (arrangement == arrangement_)
        return;
    arrangement_ = arrangement;
    Q_EMIT collapsedChanged();
}

void RunTableModel::applyProgress(const RunProgress& progress)
{
    const int r = rowOfDir(progress.runDir);
    if (r < 0)
        return;
    RunRow& row = rows_[r];
    if (row.state != flipbench::RunState::Running) {
        // The row was read before this training session began (a resume reads the folder first):
        // count on from what it recorded, not from its last status write, which may be days old.
        row.trainingSeconds = row.durationSeconds();
        row.liveSince = QDateTime::currentDateTimeUtc();
    }
    row.state = flipbench::RunState::Running;
    row.jobId = progress.jobId;
    if (progress.epochs > 0)
        row.epochs = progress.epochs;
    if (progress.totalSteps > 0)
        row.progress = double(progress.globalStep) / double(progress.totalSteps);
    if (progress.globalStep > 0)
        row.etaSeconds = progress.etaSeconds;
    for (const EpochSample& epoch : progress.epochs_) {
        row.epochsDone = epoch.epoch;
        row.accuracy = epoch.testAccuracy;
        row.nfr = epoch.testNfr;
        row.pfr = epoch.testPfr;
    }
    // What the next arrangement starts from (setGroups rearranges without a fresh read).
    for (RunRow& run : runs_)
        if (run.dir == row.dir) {
            run = row;
            run.groupKey.clear();
            run.figures.reset();
        }
    Q_EMIT dataChanged(index(r, 0), index(r, ColumnCount - 1));
    // The row of the run's plan says how far the plan has got: it follows its runs.
    if (const int g = rowOfKey(rows_[r].groupKey); g >= 0 && rows_[g].isPlanGroup())
        if (const auto plan = planRowOf(runs_, rows_[g].planKey)) {
            rows_[g] = *plan;
            Q_EMIT dataChanged(index(g, 0), index(g, ColumnCount - 1));
        }
}

void RunTableModel::setJobForDir(const QString& runDir, int jobId)
{
    const int r = rowOfDir(runDir);
    if (r >= 0)
        rows_[r].jobId = jobId;
    for (RunRow& run : runs_)
        if (run.dir == runDir)
            run.jobId = jobId;
}

const RunRow* RunTableModel::rowAt(int row) const
{
    return row >= 0 && row < rows_.size() ? &rows_[row] : nullptr;
}

int RunTableModel::rowOfDir(const QString& runDir) const
{
    return runDir.isEmpty() ? -1 : rowOfKey(runDir);
}

} // namespace flipbench::ui
