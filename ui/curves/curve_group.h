#pragma once

#include <QString>
#include <QStringList>

namespace flipbench::ui {

/// Runs of one setting over several seeds, drawn as their mean with a band.
struct CurveGroup {
    QString label;       ///< "fd kd_loss_weight=1"
    QStringList runDirs; ///< two or more
    bool operator==(const CurveGroup& other) const { return label == other.label && runDirs == other.runDirs; }
};

} // namespace flipbench::ui
