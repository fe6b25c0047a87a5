// The gallery pages: the top K negative flips of A vs B, each test image with its true class and
// both models' predictions. Each 32x32 image is drawn once into its cell without smoothing and
// with lossless rendering, so the PDF embeds the original pixels (Flate, no JPEG) a few hundred
// bytes each.

#include "ui/report/report_pages.h"

#include <QPainter>

#include <cmath>

namespace flipbench::ui {

namespace {

constexpr int kColumns = 5;
constexpr qreal kImageSize = 72;
constexpr qreal kCaptionFont = 7;
const QColor kRight(20, 120, 50);
const QColor kWrong(190, 30, 30);

QString probability(float p)
{
    return std::isnan(p) ? QStringLiteral("–") : QString::number(double(p), 'f', 2);
}

void drawSample(ReportCanvas& canvas, const Comparison& c, int sample, const QImage& image, const QRectF& cell)
{
    QPainter* p = canvas.painter();
    const SampleOutcome& s = c.samples[sample];
    const QRectF target(cell.center().x() - kImageSize / 2, cell.top(), kImageSize, kImageSize);
    if (image.isNull()) {
        p->fillRect(target, QColor(225, 225, 225));
    } else {
        p->save();
        p->setRenderHint(QPainter::SmoothPixmapTransform, false); // pixels stay pixels
        p->setRenderHint(QPainter::LosslessImageRendering, true); // Flate instead of JPEG
        p->drawImage(target, image);
        p->restore();
    }
    const QFont font = canvas.font(kCaptionFont), bold = canvas.font(kCaptionFont, true);
    const QFontMetricsF metrics(font, p->device()), boldMetrics(bold, p->device());
    const qreal line = metrics.height();
    qreal y = target.bottom() + 2;
    // One line each, shortened with "…" if a class name is very long: lines never run into the
    // next cell or the next line.
    auto caption = [&](const QString& text, const QFont& f, const QFontMetricsF& m, const QColor& color) {
        canvas.drawText(QRectF(cell.left(), y, cell.width(), line), m.elidedText(text, Qt::ElideRight, cell.width()), f,
                        color, Qt::AlignHCenter);
        y += line;
    };
    caption(QObject::tr("#%1 true: %2").arg(s.index).arg(c.className(s.label)), bold, boldMetrics, QColor(30, 30, 30));
    caption(QObject::tr("A: %1 (%2)").arg(c.className(s.predA), probability(s.confA)), font, metrics,
            s.aCorrect() ? kRight : kWrong);
    caption(QObject::tr("B: %1 (%2)").arg(c.className(s.predB), probability(s.confB)), font, metrics,
            s.bCorrect() ? kRight : kWrong);
    caption(QObject::tr("p(true) %1 → %2").arg(probability(s.pTrueA), probability(s.pTrueB)), font, metrics,
            QColor(100, 100, 100));
}

} // namespace

void drawGallerySection(ReportCanvas& canvas, const ReportData& data)
{
    const Comparison& ab = data.ab();
    const int shown = static_cast<int>(data.gallerySamples.size());
    canvas.section(QObject::tr("The top %1 negative flips of %2 vs %3").arg(shown).arg(ab.nameA, ab.nameB));
    QString intro = QObject::tr("Test images that %1 (A) classifies correctly and %2 (B) does not: %3 of %4 negative "
                                "flips, %5. Under each image: its test-set index and true class, each model's "
                                "prediction with its confidence (softmax probability), and the probability of the "
                                "true class under A and B.")
                        .arg(ab.nameA, ab.nameB)
                        .arg(shown)
                        .arg(ab.report.table.negativeFlips)
                        .arg(sortOrderDescription(data.options.sort));
    canvas.paragraph(intro, 8, QColor(90, 90, 90));
    if (shown == 0) {
        canvas.paragraph(QObject::tr("There are no negative flips to show."));
        return;
    }
    if (data.galleryImages.isEmpty())
        canvas.paragraph(QObject::tr("The test images are not available, so grey squares stand in for them: %1")
                             .arg(data.galleryImagesError),
                         8, QColor(150, 60, 0));

    const qreal cellWidth = canvas.content().width() / kColumns;
    const qreal line = QFontMetricsF(canvas.font(kCaptionFont), canvas.painter()->device()).height();
    const qreal cellHeight = kImageSize + 4 * line + 12;
    for (int i = 0; i < shown; i += kColumns) {
        canvas.ensure(cellHeight);
        const qreal top = canvas.y();
        for (int k = i; k < std::min(shown, i + kColumns); ++k) {
            const QRectF cell(canvas.content().left() + (k - i) * cellWidth, top, cellWidth, cellHeight);
            drawSample(canvas, ab, data.gallerySamples[k], data.galleryImages.value(k), cell.adjusted(2, 0, -2, 0));
        }
        canvas.setY(top + cellHeight);
    }
}

} // namespace flipbench::ui
