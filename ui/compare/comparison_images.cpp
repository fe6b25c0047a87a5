// The pictures of a comparison's test samples: the core reads the pixels from the data folder the
// runs used (flipbench/compare/test_images.h); this wraps them in QImages and words the refusals.

#include "ui/compare/comparison.h"

#include "flipbench/compare/test_images.h"

#include <QCoreApplication>

#include <exception>

namespace flipbench::ui {

namespace {

QVector<QImage> toImages(const TestImagePixels& pixels)
{
    QVector<QImage> images;
    images.reserve(static_cast<int>(pixels.count()));
    constexpr int w = TestImagePixels::kWidth, h = TestImagePixels::kHeight;
    for (int64_t i = 0; i < pixels.count(); ++i) {
        // copy(): the QImage must own its bytes once `pixels` is gone.
        images.append(QImage(pixels.image(i), w, h, 3 * w, QImage::Format_RGB888).copy());
    }
    return images;
}

TestImagePixels readPixels(const QString& dataDir, qint64 limit)
{
    return readTestImagePixels(std::filesystem::path(dataDir.toStdU32String()), limit);
}

void setError(QString* error, const QString& text)
{
    if (error)
        *error = text;
}

} // namespace

QVector<QImage> loadTestImages(const QString& dataDir, qint64 limit, QString* error)
{
    try {
        return toImages(readPixels(dataDir, limit));
    } catch (const std::exception& e) {
        setError(error, QString::fromStdString(e.what()));
        return {};
    }
}

QVector<QImage> loadComparisonImages(const Comparison& comparison, QString* error)
{
    if (comparison.imageSourceDir.isEmpty()) {
        setError(error,
                 QCoreApplication::translate("Comparison", "No images: neither side records the data folder it was "
                                                           "evaluated on (prediction files carry none)."));
        return {};
    }
    TestImagePixels read;
    try {
        read = readPixels(comparison.imageSourceDir, comparison.testLimit);
    } catch (const std::exception& e) {
        setError(error, QCoreApplication::translate("Comparison", "No images: the data folder %1 cannot be read (%2)")
                            .arg(comparison.imageSourceDir, QString::fromStdString(e.what())));
        return {};
    }
    // Showing another data set's pictures beside these predictions would mislead: refuse them.
    std::vector<int64_t> labels;
    labels.reserve(static_cast<size_t>(comparison.samples.size()));
    for (const SampleOutcome& s : comparison.samples)
        labels.push_back(s.label);
    if (!sameLabels(read, labels)) {
        setError(error,
                 QCoreApplication::translate("Comparison", "No images: the test set in %1 no longer matches the "
                                                           "compared runs (%2 images there with different labels "
                                                           "or count; %3 samples compared).")
                     .arg(comparison.imageSourceDir)
                     .arg(read.count())
                     .arg(comparison.samples.size()));
        return {};
    }
    setError(error, {});
    return toImages(read);
}

} // namespace flipbench::ui
