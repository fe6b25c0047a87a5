#pragma once

// How the workbench prints shares: one formatter for accuracy, NFR, PFR and the other flip metrics
// in every table, plot tip, form and the report, so a run reads "76.15%" wherever it appears.

#include <QString>

namespace flipbench::ui {

/// "76.15%": a fraction (0.7615) in percent with two decimals; "–" when it is not finite.
QString formatPercent(double fraction);

/// "+1.25 pts": the difference of two fractions in percentage points, two decimals, always signed.
QString formatPercentPoints(double fractionDelta);

/// "1 run", "4 runs": a count with its noun in the singular or the plural. (The workbench ships no
/// translation files, and without one Qt's "%n run(s)" prints the "(s)".)
QString countOf(qsizetype count, const QString& singular, const QString& plural);

} // namespace flipbench::ui
