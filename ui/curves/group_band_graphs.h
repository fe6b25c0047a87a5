#pragma once

#include "ui/curves/curve_group.h"

#include <QColor>

class QCPGraph;
class QCustomPlot;

namespace flipbench::ui {

class CurveStore;

/// A group of seeds on the curves panel's two epoch plots: its mean test accuracy and mean test
/// NFR as thick lines, each with a band of ± 1 sd, per epoch that at least two of its runs have
/// reached. Graph names "<group> · mean test" (accuracy plot) and "<group> · mean test NFR"
/// (flip plot), the band's edges "... − sd" and "... + sd". The plots own the graphs.
class GroupBandGraphs {
public:
    GroupBandGraphs(CurveGroup group, const QColor& color, QCustomPlot* accuracyPlot, QCustomPlot* flipPlot);

    const CurveGroup& group() const { return group_; }
    /// Draws what the store holds of the group's runs now.
    void fill(CurveStore& store);

private:
    struct Band {
        QCPGraph* low = nullptr;
        QCPGraph* high = nullptr;
        QCPGraph* mean = nullptr;
    };
    Band addBand(QCustomPlot* plot, const QString& what) const;

    CurveGroup group_;
    QColor color_;
    Band accuracy_, nfr_;
};

} // namespace flipbench::ui
