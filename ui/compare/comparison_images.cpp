// The pictures of a comparison's test samples, read back from the data folder the runs used
// (a CIFAR-10 binary folder, or an image folder through its cache).

#include "ui/compare/comparison.h"

#include "flipbench/data/cifar_reader.h"
#include "flipbench/data/data_folder.h"

#include <torch/torch.h>

#include <QCoreApplication>

namespace fs = std::filesystem;

namespace flipbench::ui {

namespace {

struct TestImages {
    QVector<QImage> images;
    QVector<qint64> labels;
};

/// Reads the test batch; throws the reader's DataError (its message names the file and problem).
TestImages readTestImages(const QString& dataDir, qint64 limit)
{
    // Labels up to 255 are accepted; the comparison checks them against its own labels instead.
    const ImageSet set = readDataFolderTestImages(fs::path(dataDir.toStdU32String()), limit);
    const auto pixels = set.images.contiguous();
    const auto labels = set.labels.contiguous();
    const uint8_t* p = pixels.data_ptr<uint8_t>();
    const int64_t n = set.size();
    TestImages out;
    out.images.reserve(static_cast<int>(n));
    out.labels = QVector<qint64>(labels.data_ptr<int64_t>(), labels.data_ptr<int64_t>() + n);
    constexpr int plane = 32 * 32;
    for (int64_t i = 0; i < n; ++i) {
        // CIFAR stores R, G and B planes; QImage wants interleaved RGB rows.
        const uint8_t* rec = p + i * kCifarImageBytes;
        QImage image(32, 32, QImage::Format_RGB888);
        for (int row = 0; row < 32; ++row) {
            uchar* line = image.scanLine(row);
            for (int col = 0; col < 32; ++col) {
                const int at = row * 32 + col;
                line[3 * col + 0] = rec[at];
                line[3 * col + 1] = rec[plane + at];
                line[3 * col + 2] = rec[2 * plane + at];
            }
        }
        out.images.append(image);
    }
    return out;
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
        return readTestImages(dataDir, limit).images;
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
    TestImages read;
    try {
        read = readTestImages(comparison.imageSourceDir, comparison.testLimit);
    } catch (const std::exception& e) {
        setError(error, QCoreApplication::translate("Comparison", "No images: the data folder %1 cannot be read (%2)")
                            .arg(comparison.imageSourceDir, QString::fromStdString(e.what())));
        return {};
    }
    // Showing another data set's pictures beside these predictions would mislead: refuse them.
    bool same = read.labels.size() == comparison.samples.size();
    for (int i = 0; same && i < read.labels.size(); ++i)
        same = read.labels[i] == comparison.samples[i].label;
    if (!same) {
        setError(error,
                 QCoreApplication::translate("Comparison", "No images: the test set in %1 no longer matches the "
                                                           "compared runs (%2 images there with different labels "
                                                           "or count; %3 samples compared).")
                     .arg(comparison.imageSourceDir)
                     .arg(read.labels.size())
                     .arg(comparison.samples.size()));
        return {};
    }
    setError(error, {});
    return read.images;
}

} // namespace flipbench::ui
