#include "ui/curves/group_band_graphs.h"

#include "ui/curves/curve_plot_helpers.h"
#include "ui/curves/curve_store.h"

#include "ui/widgets/qcustomplot_include.h"

#include <flipbench/statistics/mean_spread.h>

#include <cmath>
#include <map>
#include <optional>
#include <utility>
#include <vector>

namespace flipbench::ui {

GroupBandGraphs::GroupBandGraphs(CurveGroup group, const QColor& color, QCustomPlot* accuracyPlot,
                                 QCustomPlot* flipPlot)
    : group_(std::move(group)), color_(color)
{
    accuracy_ = addBand(accuracyPlot, QStringLiteral("test"));
    nfr_ = addBand(flipPlot, QStringLiteral("test NFR"));
}

GroupBandGraphs::Band GroupBandGraphs::addBand(QCustomPlot* plot, const QString& what) const
{
    QColor band = color_;
    band.setAlpha(45);
    const QString prefix = group_.label + QStringLiteral(" · ");
    Band graphs;
    graphs.low = addGraph(plot, prefix + what + QStringLiteral(" − sd"), QPen(Qt::NoPen));
    graphs.high = addGraph(plot, prefix + what + QStringLiteral(" + sd"), QPen(Qt::NoPen));
    graphs.high->setBrush(band);
    graphs.high->setChannelFillGraph(graphs.low); // the band between mean − sd and mean + sd
    graphs.mean = addGraph(plot, prefix + QStringLiteral("mean ") + what, QPen(color_.darker(120), 3.2));
    return graphs;
}

void GroupBandGraphs::fill(CurveStore& store)
{
    // Per epoch, the seeds that reached it; an epoch with fewer than two has no spread to show.
    const auto fillBand = [&](std::optional<double> (*value)(const EpochSample&), const Band& band) {
        std::map<int, std::vector<double>> byEpoch;
        for (const QString& dir : group_.runDirs)
            for (const EpochSample& epoch : store.curves(dir).epochs)
                if (const auto v = value(epoch); v && std::isfinite(*v))
                    byEpoch[epoch.epoch].push_back(*v * 100);
        QVector<double> keys, lows, highs, means;
        for (const auto& [epoch, values] : byEpoch) {
            if (values.size() < 2)
                continue;
            const flipbench::MeanSpread spread = flipbench::meanSpread(values);
            keys.append(epoch);
            means.append(spread.mean);
            lows.append(spread.mean - spread.sd);
            highs.append(spread.mean + spread.sd);
        }
        band.low->setData(keys, lows, true);
        band.high->setData(keys, highs, true);
        band.mean->setData(keys, means, true);
    };
    fillBand([](const EpochSample& e) { return std::optional<double>(e.testAccuracy); }, accuracy_);
    fillBand([](const EpochSample& e) { return e.testNfr; }, nfr_);
}

} // namespace flipbench::ui
