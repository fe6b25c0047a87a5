// CurvesPanel: writing the plots to PNG and PDF files.

#include "ui/curves/curves_panel.h"

#include "ui/curves/curve_plot_helpers.h"
#include "ui/widgets/qcustomplot_include.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QMessageBox>
#include <QSettings>

namespace flipbench::ui {

namespace {

const QString kExportDirKey = QStringLiteral("curves/exportDir");

// Sizes used when the panel is not on screen (exports from tests or a hidden tab).
const QSize kLossExportSize(900, 450);
const QSize kEpochExportSize(450, 340);

} // namespace

QString CurvesPanel::epochPlotsFileName(const QString& fileName)
{
    const QFileInfo info(fileName);
    const QString suffix = info.suffix();
    const QString base = suffix.isEmpty() ? fileName : fileName.left(fileName.size() - suffix.size() - 1);
    return base + QStringLiteral("-epochs") + (suffix.isEmpty() ? QString() : QLatin1Char('.') + suffix);
}

bool CurvesPanel::exportLossPlot(const QString& fileName)
{
    lastExportError_.clear();
    if (savePlot(lossPlot_, exportSize(lossPlot_, kLossExportSize), fileName))
        return true;
    lastExportError_ = exportFailureReason(fileName);
    return false;
}

bool CurvesPanel::exportEpochPlots(const QString& fileName)
{
    lastExportError_.clear();
    const QList<QSize> sizes = {exportSize(accuracyPlot_, kEpochExportSize), exportSize(flipPlot_, kEpochExportSize)};
    if (savePlotsSideBySide({accuracyPlot_, flipPlot_}, sizes, fileName))
        return true;
    lastExportError_ = exportFailureReason(fileName);
    return false;
}

bool CurvesPanel::exportPlots(const QString& fileName)
{
    return exportLossPlot(fileName) && exportEpochPlots(epochPlotsFileName(fileName));
}

void CurvesPanel::exportFromMenu(bool epochPlots, bool pdf)
{
    QSettings settings;
    const QString suffix = pdf ? QStringLiteral("pdf") : QStringLiteral("png");
    const QString stem = runDirs_.size() == 1 ? QFileInfo(runDirs_.first()).fileName() : QStringLiteral("curves");
    const QString suggested =
        QDir(settings.value(kExportDirKey, QDir::homePath()).toString())
            .filePath(stem + (epochPlots ? QStringLiteral("-epochs.") : QStringLiteral("-loss.")) + suffix);
    const QString filter = pdf ? tr("PDF document (*.pdf)") : tr("PNG image (*.png)");
    QString fileName = QFileDialog::getSaveFileName(
        this, epochPlots ? tr("Export epoch plots") : tr("Export loss plot"), suggested, filter);
    if (fileName.isEmpty())
        return;
    if (QFileInfo(fileName).suffix().compare(suffix, Qt::CaseInsensitive) != 0)
        fileName += QLatin1Char('.') + suffix;
    settings.setValue(kExportDirKey, QFileInfo(fileName).absolutePath());
    const bool written = epochPlots ? exportEpochPlots(fileName) : exportLossPlot(fileName);
    if (!written)
        QMessageBox::warning(this, tr("Export failed"),
                             tr("Could not write %1.\n\n%2").arg(QDir::toNativeSeparators(fileName), lastExportError_));
}

} // namespace flipbench::ui
