#include "ui/compare/pairwise_nfr.h"

#include <flipbench/statistics/mean_spread.h>

#include "flipbench/compare/pairwise_comparison.h"
#include "flipbench/runs/run_groups.h"
#include "ui/compare/model_source.h"
#include "ui/runs/run_row.h"
#include "ui/widgets/number_format.h"

#include <QColor>
#include <QHash>
#include <QHeaderView>

#include <algorithm>
#include <filesystem>
#include <vector>

namespace flipbench::ui {

namespace {

QString percent(double fraction)
{
    return formatPercent(fraction);
}

} // namespace

PairwiseNfr computePairwiseNfr(const QStringList& paths)
{
    // The core computes (the same function as `flipbench-cli pairwise`); the method labels are the GUI's.
    std::vector<ModelSource> models;
    for (const QString& path : paths)
        models.push_back(toModelSource(path));
    const PairwiseComparison core = comparePairwise(models);
    PairwiseNfr result;
    for (size_t i = 0; i < core.names.size(); ++i) {
        result.names << QString::fromStdString(core.names[i]);
        result.paths << paths[static_cast<int>(i)];
        result.methods << methodOfModel(paths[static_cast<int>(i)]);
        result.nfr.append(QVector<double>(core.nfr[i].begin(), core.nfr[i].end()));
        result.accuracy << core.accuracy[i];
    }
    std::vector<std::filesystem::path> dirs;
    for (const QString& path : paths)
        dirs.emplace_back(path.toStdString());
    const std::vector<flipbench::RunGroup> groups = flipbench::groupRuns(dirs);
    // groupRuns keeps every path as given and in order, one group each: number them back.
    QHash<QString, int> groupOfPath;
    for (const flipbench::RunGroup& g : groups) {
        for (const auto& run : g.runs)
            groupOfPath.insert(QString::fromStdString(run.string()), int(result.groupLabels.size()));
        result.groupLabels << QString::fromStdString(g.label);
    }
    for (const QString& path : paths)
        result.group << groupOfPath.value(path, -1);
    return result;
}

PairwiseNfrTable::PairwiseNfrTable(QWidget* parent) : QTableWidget(parent)
{
    setObjectName(QStringLiteral("pairwiseNfrTable"));
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    setSelectionMode(QAbstractItemView::SingleSelection);
    verticalHeader()->setDefaultSectionSize(22);
    setToolTip(tr("Negative flip rate with the row's model as old and the column's as new. Click a cell to "
                  "compare the pair."));
    connect(this, &QTableWidget::cellClicked, this, [this](int row, int column) {
        const int n = static_cast<int>(result_.paths.size());
        if (row == column || row < 0 || column < 0 || row >= n || column >= n)
            return;
        Q_EMIT pairChosen(result_.paths[row], result_.paths[column]);
    });
}

QVector<double> groupPairNfrs(const PairwiseNfr& result, int oldGroup, int newGroup)
{
    QVector<double> values;
    for (int a = 0; a < result.group.size(); ++a)
        for (int b = 0; b < result.group.size(); ++b)
            if (a != b && result.group[a] == oldGroup && result.group[b] == newGroup && a < result.nfr.size() &&
                b < result.nfr[a].size())
                values.append(result.nfr[a][b]);
    return values;
}

void PairwiseNfrTable::setResult(const PairwiseNfr& result)
{
    clear();
    result_ = result;
    const int n = static_cast<int>(result.names.size());
    setRowCount(n);
    setColumnCount(n);
    if (n == 0)
        return;
    setVerticalHeaderLabels(result.names);
    setHorizontalHeaderLabels(result.names);
    for (int i = 0; i < n; ++i) {
        const QString accuracy =
            i < result.accuracy.size() ? tr("accuracy %1").arg(percent(result.accuracy[i])) : QString();
        verticalHeaderItem(i)->setToolTip(tr("old: %1\n%2").arg(result.paths.value(i), accuracy));
        horizontalHeaderItem(i)->setToolTip(tr("new: %1\n%2").arg(result.paths.value(i), accuracy));
    }
    auto valueAt = [&](int i, int j) {
        return i < result.nfr.size() && j < result.nfr[i].size() ? result.nfr[i][j] : 0.0;
    };
    double peak = 0;
    for (int i = 0; i < n; ++i)
        for (int j = 0; j < n; ++j)
            if (i != j)
                peak = std::max(peak, valueAt(i, j));
    for (int i = 0; i < n; ++i)
        for (int j = 0; j < n; ++j) {
            auto* item = new QTableWidgetItem;
            item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
            item->setTextAlignment(Qt::AlignCenter);
            if (i == j) {
                item->setText(QStringLiteral("—"));
                item->setBackground(QColor(235, 235, 235));
            } else {
                const double v = valueAt(i, j);
                item->setText(percent(v));
                const double share = peak > 0 ? v / peak : 0.0;
                const int fade = static_cast<int>(255 - 200 * share); // white -> red
                item->setBackground(QColor(255, fade, fade));
                QString tip = tr("%1 → %2: NFR %3").arg(result.names[i], result.names[j], percent(v));
                const int gi = result.group.value(i, -1), gj = result.group.value(j, -1);
                const auto seeds = [&](int g) { return std::count(result.group.begin(), result.group.end(), g); };
                if (gi >= 0 && gj >= 0 && (seeds(gi) > 1 || seeds(gj) > 1)) {
                    const QVector<double> pairs = groupPairNfrs(result, gi, gj);
                    const flipbench::MeanSpread spread =
                        flipbench::meanSpread(std::vector<double>(pairs.begin(), pairs.end()));
                    const QString over =
                        gi == gj ? tr("Within %1 (the churn among its own seeds)").arg(result.groupLabels.value(gi))
                                 : tr("%1 → %2").arg(result.groupLabels.value(gi), result.groupLabels.value(gj));
                    tip += QStringLiteral("\n") + tr("%1: mean %2 ± %3 points over %4 pairs of runs")
                                                      .arg(over, percent(spread.mean))
                                                      .arg(spread.sd * 100, 0, 'f', 2)
                                                      .arg(spread.n);
                }
                item->setToolTip(tip);
            }
            setItem(i, j, item);
        }
    resizeColumnsToContents();
}

} // namespace flipbench::ui
