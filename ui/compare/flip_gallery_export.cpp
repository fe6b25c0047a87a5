// FlipGalleryModel's exports: the listed samples as CSV and their images as a contact sheet.

#include "ui/compare/flip_gallery_model.h"

#include <QFontMetrics>
#include <QPainter>
#include <QSaveFile>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace flipbench::ui {

namespace {

/// RFC 4180 quoting, only where needed: class names come from a user-editable file.
QString csvField(const QString& text)
{
    if (!text.contains(QLatin1Char(',')) && !text.contains(QLatin1Char('"')) && !text.contains(QLatin1Char('\n')))
        return text;
    QString quoted = text;
    quoted.replace(QLatin1String("\""), QLatin1String("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

QString confField(float p)
{
    return std::isnan(p) ? QString() : QString::number(double(p), 'f', 4);
}

bool writeAtomically(const QString& file, const QByteArray& bytes, QString* error)
{
    QSaveFile out(file);
    if (!out.open(QIODevice::WriteOnly) || out.write(bytes) != bytes.size() || !out.commit()) {
        if (error)
            *error = FlipGalleryModel::tr("Cannot write %1: %2").arg(file, out.errorString());
        return false;
    }
    return true;
}

} // namespace

bool FlipGalleryModel::exportCsv(const QString& file, const QModelIndexList& selection, QString* error) const
{
    QVector<int> rows;
    if (selection.isEmpty()) {
        rows.resize(rows_.size());
        std::iota(rows.begin(), rows.end(), 0);
    } else {
        for (const QModelIndex& index : selection)
            if (index.isValid() && index.model() == this && index.row() < rows_.size())
                rows.append(index.row());
        // Selections come in click order; the file follows the view's order, once per sample.
        std::sort(rows.begin(), rows.end());
        rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
    }
    QString text = QStringLiteral("index,true,a_pred,a_conf,b_pred,b_conf\n");
    if (comparison_) {
        const Comparison& c = *comparison_;
        for (int row : rows) {
            const SampleOutcome& s = c.samples[rows_[row]];
            text += QString::number(s.index) + QLatin1Char(',') + csvField(c.className(s.label)) + QLatin1Char(',') +
                    csvField(c.className(s.predA)) + QLatin1Char(',') + confField(s.confA) + QLatin1Char(',') +
                    csvField(c.className(s.predB)) + QLatin1Char(',') + confField(s.confB) + QLatin1Char('\n');
        }
    }
    return writeAtomically(file, text.toUtf8(), error);
}

QImage FlipGalleryModel::contactSheet(const QVector<int>& samples, int thumb, int columns) const
{
    thumb = std::max(thumb, 16);
    columns = std::max(1, std::min(columns, std::max(1, int(samples.size()))));
    QFont font;
    font.setPixelSize(std::clamp(thumb / 6, 8, 12));
    const QFontMetrics metrics(font);
    const int captionHeight = metrics.height() + 2;
    const int gap = 4;
    const int cellW = std::max(thumb, 48) + gap, cellH = thumb + captionHeight + gap;
    const int rows = (int(samples.size()) + columns - 1) / columns;
    QImage sheet(columns * cellW + gap, std::max(1, rows) * cellH + gap, QImage::Format_RGB32);
    sheet.fill(Qt::white);
    if (!comparison_)
        return sheet;
    const Comparison& c = *comparison_;
    QPainter painter(&sheet);
    painter.setFont(font);
    for (int i = 0; i < samples.size(); ++i) {
        const int sample = samples[i];
        if (sample < 0 || sample >= c.samples.size())
            continue;
        const SampleOutcome& s = c.samples[sample];
        const int x = gap + (i % columns) * cellW, y = gap + (i / columns) * cellH;
        const QRect imageRect(x + (cellW - gap - thumb) / 2, y, thumb, thumb);
        if (images_ && sample < images_->size())
            painter.drawImage(imageRect,
                              (*images_)[sample].scaled(thumb, thumb, Qt::IgnoreAspectRatio, Qt::FastTransformation));
        else
            painter.fillRect(imageRect, QColor(200, 200, 200));
        const QString caption =
            QStringLiteral("%1 / %2→%3").arg(c.className(s.label), c.className(s.predA), c.className(s.predB));
        painter.setPen(s.bCorrect() ? QColor(20, 110, 40) : QColor(180, 30, 30));
        painter.drawText(QRect(x, y + thumb + 1, cellW - gap, captionHeight), Qt::AlignHCenter | Qt::AlignTop,
                         metrics.elidedText(caption, Qt::ElideRight, cellW - gap));
    }
    return sheet;
}

bool FlipGalleryModel::exportContactSheet(const QString& file, const QVector<int>& samples, QString* error) const
{
    const QImage sheet = contactSheet(samples);
    QSaveFile out(file);
    if (!out.open(QIODevice::WriteOnly) || !sheet.save(&out, "PNG") || !out.commit()) {
        if (error)
            *error = tr("Cannot write %1: %2").arg(file, out.errorString());
        return false;
    }
    return true;
}

} // namespace flipbench::ui
