// Measures the Compare view's gallery on a full CIFAR-sized test set (10,000 samples, synthetic
// logits): building the comparison, resetting the model for every set and sort order, and a
// QListView in icon mode painting every row as it is scrolled through (grab() after each step).
// Not a test: the numbers depend on the machine. Run with QT_QPA_PLATFORM=offscreen.
//   flipbench-bench-gallery [--samples N] [--thumb PIXELS] [--smooth] [--save FIRST_SCREEN.png]

#include <ui/compare/comparison.h>
#include <ui/compare/flip_gallery_delegate.h>
#include <ui/compare/flip_gallery_model.h>

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QListView>
#include <QScrollBar>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <random>

using flipbench::ui::Comparison;
using flipbench::ui::FlipGalleryModel;

namespace {

double msSince(const QElapsedTimer& timer)
{
    return static_cast<double>(timer.nsecsElapsed()) / 1e6;
}

/// Noisy logits around the true class, two models with independent noise: ~10% negative flips.
Comparison syntheticComparison(int n, int classes)
{
    std::mt19937 rng(2024);
    std::normal_distribution<float> noise(0.f, 1.f);
    QVector<float> a(n * classes), b(n * classes);
    QVector<qint64> labels(n);
    for (int i = 0; i < n; ++i) {
        labels[i] = i % classes;
        for (int c = 0; c < classes; ++c) {
            const float signal = c == labels[i] ? 2.5f : 0.f;
            a[i * classes + c] = signal + noise(rng);
            b[i * classes + c] = signal + noise(rng);
        }
    }
    const QStringList names = {"airplane", "automobile", "bird",  "cat",  "deer",
                               "dog",      "frog",       "horse", "ship", "truck"};
    return flipbench::ui::comparisonFromLogits(a, b, labels, classes, names);
}

/// Random 32x32 pictures: the gallery draws them exactly like CIFAR images.
QVector<QImage> syntheticImages(int n)
{
    std::mt19937 rng(7);
    QVector<QImage> images;
    images.reserve(n);
    for (int i = 0; i < n; ++i) {
        QImage image(32, 32, QImage::Format_RGB888);
        for (int row = 0; row < 32; ++row) {
            uchar* line = image.scanLine(row);
            for (int x = 0; x < 96; ++x)
                line[x] = static_cast<uchar>(rng());
        }
        images.append(image);
    }
    return images;
}

} // namespace

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    QCommandLineParser parser;
    const QCommandLineOption samplesOption(QStringLiteral("samples"), QStringLiteral("test samples"),
                                           QStringLiteral("N"), QStringLiteral("10000"));
    const QCommandLineOption thumbOption(QStringLiteral("thumb"), QStringLiteral("thumbnail size"),
                                         QStringLiteral("PIXELS"), QStringLiteral("96"));
    const QCommandLineOption smoothOption(QStringLiteral("smooth"), QStringLiteral("smooth scaling"));
    const QCommandLineOption saveOption(QStringLiteral("save"), QStringLiteral("save the first screen as PNG"),
                                        QStringLiteral("FILE"));
    parser.addOptions({samplesOption, thumbOption, smoothOption, saveOption});
    parser.process(app);
    const int n = std::max(1, parser.value(samplesOption).toInt());

    QElapsedTimer timer;
    timer.start();
    auto comparison = std::make_shared<const Comparison>(syntheticComparison(n, 10));
    std::printf("compare (compareLogits + per-sample softmax), %d samples: %.1f ms\n", n, msSince(timer));
    std::printf("  negative flips %lld, positive flips %lld, both wrong %lld, both correct %lld\n",
                static_cast<long long>(comparison->report.table.negativeFlips),
                static_cast<long long>(comparison->report.table.positiveFlips),
                static_cast<long long>(comparison->report.table.bothWrong),
                static_cast<long long>(comparison->report.table.bothCorrect));
    auto images = std::make_shared<const QVector<QImage>>(syntheticImages(n));

    FlipGalleryModel model;
    model.setComparison(comparison, images);
    using Set = FlipGalleryModel::SampleSet;
    using Order = FlipGalleryModel::SortOrder;
    const std::pair<Set, const char*> sets[] = {{Set::NegativeFlips, "negative flips"},
                                                {Set::PositiveFlips, "positive flips"},
                                                {Set::BothWrong, "both wrong"},
                                                {Set::BothCorrect, "both correct"},
                                                {Set::All, "all"}};
    const std::pair<Order, const char*> orders[] = {{Order::ConfidenceDrop, "confidence drop"},
                                                    {Order::ConfidenceInWrongClass, "confidence in B's class"},
                                                    {Order::TrueClass, "true class"},
                                                    {Order::Index, "index"}};
    for (const auto& [set, setName] : sets)
        for (const auto& [order, orderName] : orders) {
            // Switch away first so every measurement is a real rebuild.
            model.setSortOrder(order == Order::Index ? Order::TrueClass : Order::Index);
            model.setSampleSet(set);
            timer.restart();
            model.setSortOrder(order);
            std::printf("model reset: %-15s by %-24s %6d rows  %.3f ms\n", setName, orderName, model.count(),
                        msSince(timer));
        }

    model.setSampleSet(Set::All);
    model.setSortOrder(Order::ConfidenceDrop);
    auto* delegate = new flipbench::ui::FlipGalleryDelegate(&app);
    delegate->setThumbnailSize(parser.value(thumbOption).toInt());
    delegate->setSmooth(parser.isSet(smoothOption));
    QListView view;
    view.setViewMode(QListView::IconMode);
    view.setResizeMode(QListView::Adjust);
    view.setMovement(QListView::Static);
    view.setUniformItemSizes(true);
    view.setItemDelegate(delegate);
    timer.restart();
    view.setModel(&model);
    view.resize(1200, 800);
    view.show();
    QApplication::processEvents();
    std::printf("view: model set, first layout: %.1f ms\n", msSince(timer));
    if (parser.isSet(saveOption))
        view.grab().save(parser.value(saveOption)); // to look at the tiles, not part of the timing

    QScrollBar* bar = view.verticalScrollBar();
    timer.restart();
    int steps = 0;
    for (int value = 0;; value += view.viewport()->height()) {
        bar->setValue(std::min(value, bar->maximum()));
        QApplication::processEvents();
        view.grab();
        ++steps;
        if (value >= bar->maximum())
            break;
    }
    const double total = msSince(timer);
    std::printf("view: scrolled through %d rows in %d steps (%dx%d thumbnails, %s): %.1f ms, %.2f ms/step\n",
                model.count(), steps, delegate->thumbnailSize(), delegate->thumbnailSize(),
                delegate->smooth() ? "smooth" : "nearest", total, total / std::max(1, steps));
    return 0;
}
