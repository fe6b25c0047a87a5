#pragma once

// A model the Compare view can put on either side: a run folder, a prediction file (`.result`), or
// an ensemble of run folders that acts as one model (the mean of their logits, as ELODI's
// reference). Kept as one string so it fits combo boxes, signals and the command line.

#include "flipbench/compare/model_source.h"

#include <QString>
#include <QStringList>

namespace flipbench::ui {

/// "ensemble:" followed by the member paths, one per line (sorted, so the same set is one key).
QString ensembleKey(QStringList memberPaths);
bool isEnsembleKey(const QString& key);
/// The member paths of an ensemble key; the key itself for a plain path.
QStringList modelPaths(const QString& key);
/// The folder or file name, or "Ensemble (a + b + c)".
QString modelDisplayName(const QString& key);
/// The key as the core's ModelSource, which loads and compares it (flipbench/compare).
flipbench::ModelSource toModelSource(const QString& key);

} // namespace flipbench::ui
