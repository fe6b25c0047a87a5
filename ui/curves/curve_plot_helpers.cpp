#include "ui/curves/curve_plot_helpers.h"

#include "ui/widgets/qcustomplot_include.h"

#include <QDir>
#include <QFileInfo>
#include <QImage>
#include <QLocale>
#include <QPageLayout>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>

#include <array>
#include <cmath>
#include <limits>

namespace flipbench::ui {

namespace {

constexpr double kPngScale = 2.0;
/// Pixels kept free between the outermost data point and the frame: a 7-pixel marker's radius
/// and its pen, with a little air.
constexpr double kMarkerRoom = 8.0;

enum class ExportFormat { Png, Pdf, Unknown };

ExportFormat formatOf(const QString& fileName)
{
    const QString suffix = QFileInfo(fileName).suffix().toLower();
    if (suffix == QLatin1String("png"))
        return ExportFormat::Png;
    if (suffix == QLatin1String("pdf"))
        return ExportFormat::Pdf;
    return ExportFormat::Unknown;
}

void styleAxis(QCPAxis* axis, const QString& label, const QFont& font)
{
    const QColor axisColor(140, 140, 140);
    axis->setLabel(label);
    axis->setLabelFont(font);
    axis->setTickLabelFont(font);
    axis->setLabelColor(QColor(60, 60, 60));
    axis->setTickLabelColor(QColor(80, 80, 80));
    axis->setBasePen(QPen(axisColor, 1));
    axis->setTickPen(QPen(axisColor, 1));
    axis->setSubTickPen(QPen(axisColor, 1));
    axis->grid()->setPen(QPen(QColor(228, 228, 228), 1));
    axis->grid()->setZeroLinePen(Qt::NoPen);
    axis->grid()->setSubGridVisible(false);
}

} // namespace

QCPGraph* addGraph(QCustomPlot* plot, const QString& name, const QPen& pen)
{
    QCPGraph* graph = plot->addGraph();
    graph->setName(name);
    graph->setPen(pen);
    return graph;
}

QColor runColor(int index)
{
    // Tableau 10, with the pale yellow and grey darkened enough to read on white.
    static const std::array<QColor, 10> palette = {
        QColor(0x4E, 0x79, 0xA7), QColor(0xF2, 0x8E, 0x2B), QColor(0x59, 0xA1, 0x4F), QColor(0xE1, 0x57, 0x59),
        QColor(0xB0, 0x7A, 0xA1), QColor(0x76, 0xB7, 0xB2), QColor(0x9C, 0x75, 0x5F), QColor(0xFF, 0x9D, 0xA7),
        QColor(0xB6, 0x99, 0x2D), QColor(0x79, 0x70, 0x6E)};
    const int size = static_cast<int>(palette.size());
    return palette[static_cast<size_t>(((index % size) + size) % size)];
}

void stylePlot(QCustomPlot* plot, const QString& title, const QString& xLabel, const QString& yLabel, const QFont& font)
{
    plot->setBackground(Qt::white);
    plot->setFont(font);
    plot->setMouseTracking(true); // hover tips need moves without a pressed button
    plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    plot->setNoAntialiasingOnDrag(true); // long live curves stay fluid while panning
    plot->setPlottingHint(QCP::phCacheLabels, true);
    plot->setAutoAddPlottableToLegend(false); // the panel decides which series the legend names

    styleAxis(plot->xAxis, xLabel, font);
    styleAxis(plot->yAxis, yLabel, font);
    // A closed frame without ticks on the top and right, as in most papers' figures.
    plot->xAxis2->setVisible(true);
    plot->yAxis2->setVisible(true);
    for (QCPAxis* axis : {plot->xAxis2, plot->yAxis2}) {
        axis->setBasePen(QPen(QColor(200, 200, 200), 1));
        axis->setTicks(false);
        axis->setTickLabels(false);
        axis->grid()->setVisible(false);
    }
    QObject::connect(plot->xAxis, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), plot->xAxis2,
                     qOverload<const QCPRange&>(&QCPAxis::setRange));
    QObject::connect(plot->yAxis, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), plot->yAxis2,
                     qOverload<const QCPRange&>(&QCPAxis::setRange));

    QFont titleFont = font;
    titleFont.setBold(true);
    plot->plotLayout()->insertRow(0);
    auto* titleElement = new QCPTextElement(plot, title, titleFont);
    titleElement->setTextColor(QColor(50, 50, 50));
    plot->plotLayout()->addElement(0, 0, titleElement);

    QFont legendFont = font;
    if (legendFont.pointSizeF() > 0)
        legendFont.setPointSizeF(legendFont.pointSizeF() * 0.9);
    plot->legend->setVisible(true);
    plot->legend->setFont(legendFont);
    plot->legend->setBrush(QColor(255, 255, 255, 215));
    plot->legend->setBorderPen(QPen(QColor(215, 215, 215)));
    plot->legend->setIconSize(26, 10);
    plot->legend->setRowSpacing(0);
    plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignRight);

    plot->addLayer(QStringLiteral("raw"), plot->layer(QStringLiteral("main")), QCustomPlot::limBelow);
}

void placeLegendBelow(QCustomPlot* plot, int columns)
{
    QCPLegend* legend = plot->legend;
    if (legend->itemCount() == 0) {
        legend->setVisible(false);
        return;
    }
    if (legend->layout() != plot->plotLayout()) {
        const int row = plot->plotLayout()->rowCount();
        plot->plotLayout()->addElement(row, 0, legend); // takes it out of the axis rect's inset layout
        plot->plotLayout()->setRowStretchFactor(row, 0.001);
    }
    legend->setWrap(columns);
    legend->setFillOrder(QCPLegend::foColumnsFirst, /*rearrange=*/true); // applies the wrap
    legend->setBorderPen(Qt::NoPen);
    legend->setBrush(Qt::NoBrush);
    legend->setColumnSpacing(14);
    legend->setVisible(true);
}

QCPItemText* addCenteredMessage(QCustomPlot* plot, const QString& text, const QFont& font)
{
    auto* message = new QCPItemText(plot);
    message->position->setType(QCPItemPosition::ptAxisRectRatio);
    message->position->setAxisRect(plot->axisRect());
    message->position->setCoords(0.5, 0.5);
    message->setPositionAlignment(Qt::AlignCenter);
    message->setTextAlignment(Qt::AlignCenter);
    message->setText(text);
    message->setFont(font);
    message->setColor(QColor(130, 130, 130));
    message->setClipToAxisRect(false);
    message->setSelectable(false);
    message->setVisible(false);
    return message;
}

void fitAxesToData(QCustomPlot* plot, double keyMargin)
{
    // The data's own extent rather than QCustomPlot::rescaleAxes: for a single point (the first
    // epoch) that keeps the previous range's width around it (-2..4 for epoch 1), and it leaves no
    // room for the markers, which are then cut at the frame.
    const bool logValues = plot->yAxis->scaleType() == QCPAxis::stLogarithmic;
    QCPRange keys, values;
    bool haveKeys = false, haveValues = false;
    for (int i = 0; i < plot->graphCount(); ++i) {
        const QCPGraph* graph = plot->graph(i);
        if (!graph->visible() || graph->data()->isEmpty())
            continue;
        bool found = false;
        const QCPRange graphKeys = graph->getKeyRange(found);
        if (found) {
            keys = haveKeys ? keys.expanded(graphKeys) : graphKeys;
            haveKeys = true;
        }
        const QCPRange graphValues = graph->getValueRange(found, logValues ? QCP::sdPositive : QCP::sdBoth);
        if (found) {
            values = haveValues ? values.expanded(graphValues) : graphValues;
            haveValues = true;
        }
    }
    if (!haveKeys || !haveValues)
        return; // keep the last range instead of collapsing to nothing

    if (keys.size() <= 0) { // one point: centred, with the margin (epoch 1: 0.5..1.5) or one step either side
        const double half = keyMargin > 0 ? keyMargin : 1.0;
        keys = QCPRange(keys.lower - half, keys.upper + half);
    } else {
        keys = QCPRange(keys.lower - keyMargin, keys.upper + keyMargin);
    }
    plot->xAxis->setRange(keys);

    if (logValues) {
        // Margins by factor: the same share of the axis at both ends, never at or below zero.
        const double ratio = values.upper / values.lower;
        const double factor = ratio > 1 ? std::pow(ratio, 0.06) : 1.5;
        plot->yAxis->setRange(values.lower / factor, values.upper * factor);
        return;
    }
    double pad = values.size() > 0 ? values.size() * 0.06 : std::max(std::abs(values.center()) * 0.1, 0.5);
    // On a short plot 6% can be less than a marker's radius: keep kMarkerRoom pixels at both ends
    // (only once the plot has been laid out; before that its height means nothing).
    const int height = plot->axisRect()->height();
    if (values.size() > 0 && height > 4 * kMarkerRoom)
        pad = std::max(pad, values.size() * kMarkerRoom / (height - 2 * kMarkerRoom));
    plot->yAxis->setRange(values.lower - pad, values.upper + pad);
}

NearestPoint nearestPoint(QCustomPlot* plot, const QPointF& pos, double maxPixels)
{
    NearestPoint best;
    double bestDistance = maxPixels * maxPixels;
    for (int g = 0; g < plot->graphCount(); ++g) {
        QCPGraph* graph = plot->graph(g);
        if (!graph->visible() || graph->data()->isEmpty())
            continue;
        // Only the points whose key lies within reach: a binary search, so long curves stay cheap.
        const double a = graph->keyAxis()->pixelToCoord(pos.x() - maxPixels);
        const double b = graph->keyAxis()->pixelToCoord(pos.x() + maxPixels);
        const int begin = graph->findBegin(std::min(a, b), /*expandedRange=*/false);
        const int end = graph->findEnd(std::max(a, b), /*expandedRange=*/false);
        for (int i = begin; i < end; ++i) {
            const double key = graph->dataMainKey(i);
            const double value = graph->dataMainValue(i);
            if (!std::isfinite(value))
                continue;
            const QPointF point = graph->coordsToPixels(key, value);
            const double dx = point.x() - pos.x();
            const double dy = point.y() - pos.y();
            const double distance = dx * dx + dy * dy;
            if (distance <= bestDistance) {
                bestDistance = distance;
                best = {graph, i, key, value};
            }
        }
    }
    return best;
}

QString formatCount(qint64 value)
{
    QLocale locale;
    locale.setNumberOptions(locale.numberOptions() & ~QLocale::OmitGroupSeparator);
    return locale.toString(value);
}

QString formatValue(double value)
{
    if (!std::isfinite(value))
        return QStringLiteral("–");
    const double magnitude = std::abs(value);
    if (magnitude != 0 && (magnitude < 1e-3 || magnitude >= 1e5))
        return QString::number(value, 'e', 3);
    return QString::number(value, 'f', 4);
}

QSize exportSize(const QCustomPlot* plot, QSize fallback)
{
    const QSize size = plot->size();
    if (!plot->isVisible() || size.width() < 200 || size.height() < 150)
        return fallback;
    return size;
}

bool savePlot(QCustomPlot* plot, QSize size, const QString& fileName)
{
    bool written = false;
    switch (formatOf(fileName)) {
    case ExportFormat::Png:
        written = plot->savePng(fileName, size.width(), size.height(), kPngScale);
        break;
    case ExportFormat::Pdf:
        written = plot->savePdf(fileName, size.width(), size.height(), QCP::epNoCosmetic, QStringLiteral("Flipbench"));
        break;
    case ExportFormat::Unknown:
        return false;
    }
    // Exporting lays the plot out at the export size; lay it out for the screen again.
    plot->replot(QCustomPlot::rpQueuedReplot);
    return written;
}

bool savePlotsSideBySide(const QList<QCustomPlot*>& plots, const QList<QSize>& sizes, const QString& fileName)
{
    if (plots.isEmpty() || plots.size() != sizes.size())
        return false;
    int width = 0, height = 0;
    for (const QSize& size : sizes) {
        width += size.width();
        height = std::max(height, size.height());
    }

    bool written = false;
    switch (formatOf(fileName)) {
    case ExportFormat::Png: {
        QImage image(qRound(width * kPngScale), qRound(height * kPngScale), QImage::Format_RGB32);
        image.fill(Qt::white);
        QPainter painter(&image);
        int x = 0;
        for (int i = 0; i < plots.size(); ++i) {
            painter.drawPixmap(qRound(x * kPngScale), 0,
                               plots[i]->toPixmap(sizes[i].width(), sizes[i].height(), kPngScale));
            x += sizes[i].width();
        }
        painter.end();
        written = image.save(fileName, "PNG");
        break;
    }
    case ExportFormat::Pdf: {
        // As QCustomPlot::savePdf does for one plot: a page of exactly the plots' size in points,
        // drawn at screen resolution so text and lines keep their on-screen proportions.
        QPdfWriter writer(fileName);
        writer.setCreator(QStringLiteral("Flipbench"));
        writer.setResolution(plots.first()->logicalDpiX());
        QPageLayout layout(QPageSize(QSizeF(width, height), QPageSize::Point, QString(), QPageSize::ExactMatch),
                           QPageLayout::Portrait, QMarginsF());
        layout.setMode(QPageLayout::FullPageMode);
        writer.setPageLayout(layout);
        QCPPainter painter;
        if (!painter.begin(&writer))
            break;
        painter.setMode(QCPPainter::pmVectorized);
        painter.setMode(QCPPainter::pmNoCaching);
        painter.setMode(QCPPainter::pmNonCosmetic);
        painter.setWindow(QRect(0, 0, width, height));
        int x = 0;
        for (int i = 0; i < plots.size(); ++i) {
            painter.save();
            painter.translate(x, 0);
            plots[i]->toPainter(&painter, sizes[i].width(), sizes[i].height());
            painter.restore();
            x += sizes[i].width();
        }
        written = painter.end();
        break;
    }
    case ExportFormat::Unknown:
        return false;
    }
    for (QCustomPlot* plot : plots)
        plot->replot(QCustomPlot::rpQueuedReplot);
    return written;
}

QString exportFailureReason(const QString& fileName)
{
    if (formatOf(fileName) == ExportFormat::Unknown)
        return QStringLiteral("Only .png and .pdf files can be written.");
    const QFileInfo file(fileName);
    const QFileInfo folder(file.absolutePath());
    if (!folder.exists())
        return QStringLiteral("The folder %1 does not exist.").arg(QDir::toNativeSeparators(folder.filePath()));
    if (!folder.isDir())
        return QStringLiteral("%1 is not a folder.").arg(QDir::toNativeSeparators(folder.filePath()));
    if (file.exists() && !file.isWritable())
        return QStringLiteral("The file exists and is read-only.");
    if (!folder.isWritable())
        return QStringLiteral("The folder %1 is not writable.").arg(QDir::toNativeSeparators(folder.filePath()));
    return QStringLiteral("The file could not be written (disk full?).");
}

} // namespace flipbench::ui
