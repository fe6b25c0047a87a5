#include "ui/widgets/number_format.h"

#include <cmath>

namespace flipbench::ui {

QString formatPercent(double fraction)
{
    if (!std::isfinite(fraction))
        return QStringLiteral("–");
    return QString::number(fraction * 100.0, 'f', 2) + QLatin1Char('%');
}

QString formatPercentPoints(double fractionDelta)
{
    if (!std::isfinite(fractionDelta))
        return QStringLiteral("–");
    const double points = fractionDelta * 100.0;
    // No "-0.00": a difference that rounds to nothing reads as "+0.00 pts".
    const QString digits = QString::number(std::abs(points) < 0.005 ? 0.0 : points, 'f', 2);
    return (digits.startsWith(QLatin1Char('-')) ? QString() : QStringLiteral("+")) + digits + QStringLiteral(" pts");
}

QString countOf(qsizetype count, const QString& singular, const QString& plural)
{
    return QStringLiteral("%1 %2").arg(count).arg(count == 1 ? singular : plural);
}

} // namespace flipbench::ui
