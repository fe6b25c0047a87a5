// Measures aggregation over a workspace of many runs, as a sweep leaves it: 100 completed runs of
// 10,000 test images (20 groups of 5 seeds, synthetic logits, validation logits too) against one
// old model. Times the group table (core, what `summary` and the Seeds tab build), the pairwise NFR
// matrix of the All runs tab, and a bootstrap of 1,000 resamples; then builds the group table
// through the GUI's Seeds tab while a 10 ms timer on the GUI thread records how late it fires.
// Not a test: the numbers depend on the machine. bench/seed_groups.sh records them.
//   flipbench-bench-seed-groups [--groups N] [--seeds N] [--samples N]

#include <ui/compare/pairwise_nfr.h>
#include <ui/compare/seed_groups_panel.h>

#include <flipbench/config/run_config.h>
#include <flipbench/pytorch/npy.h>
#include <flipbench/runs/dataset_record.h>
#include <flipbench/runs/run_store.h>
#include <flipbench/statistics/group_table.h>
#include <flipbench/statistics/rate_statistics.h>

#include "percentile.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTimer>

#include <torch/torch.h>

#include <algorithm>
#include <cstdio>
#include <vector>

namespace fs = std::filesystem;

namespace {

constexpr int kClasses = 10;

double msSince(const QElapsedTimer& timer)
{
    return static_cast<double>(timer.nsecsElapsed()) / 1e6;
}

/// Logits that favour the label by `margin` under unit Gaussian noise (10 classes: about 80% accuracy at 2.5).
torch::Tensor noisyLogits(const torch::Tensor& labels, double margin)
{
    torch::Tensor logits = torch::randn({labels.size(0), kClasses});
    logits.scatter_add_(1, labels.unsqueeze(1), torch::full({labels.size(0), 1}, margin));
    return logits;
}

/// A completed run folder with test and validation logits and a config that groups it.
fs::path writeRun(const fs::path& workspace, const flipbench::RunConfig& config, const torch::Tensor& testLabels,
                  const torch::Tensor& valLabels)
{
    const flipbench::RunFolder run = flipbench::RunFolder::create(workspace, config.name);
    run.writeJson("config.json", flipbench::toJson(config));
    flipbench::DatasetRecord dataset;
    dataset.fingerprint = "bench:synthetic:n=" + std::to_string(testLabels.size(0));
    for (int c = 0; c < kClasses; ++c)
        dataset.classNames.push_back("class" + std::to_string(c));
    dataset.source = "synthetic";
    dataset.trainSize = 20000;
    dataset.valSize = valLabels.size(0);
    dataset.testSize = testLabels.size(0);
    flipbench::writeDatasetRecord(run.file("dataset.json"), dataset);
    flipbench::writeNpy(run.file("logits.npy"), noisyLogits(testLabels, 2.5));
    flipbench::writeNpy(run.file("labels.npy"), testLabels);
    flipbench::writeNpy(run.file("val_logits.npy"), noisyLogits(valLabels, 2.5));
    flipbench::writeNpy(run.file("val_labels.npy"), valLabels);
    flipbench::RunStatus status;
    status.state = flipbench::RunState::Completed;
    run.writeStatus(status);
    return run.dir();
}

} // namespace

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    QCommandLineParser parser;
    const QCommandLineOption groupsOption(QStringLiteral("groups"), QStringLiteral("groups"), QStringLiteral("N"),
                                          QStringLiteral("20"));
    const QCommandLineOption seedsOption(QStringLiteral("seeds"), QStringLiteral("seeds per group"),
                                         QStringLiteral("N"), QStringLiteral("5"));
    const QCommandLineOption samplesOption(QStringLiteral("samples"), QStringLiteral("test images"),
                                           QStringLiteral("N"), QStringLiteral("10000"));
    parser.addOptions({groupsOption, seedsOption, samplesOption});
    parser.process(app);
    const int groups = parser.value(groupsOption).toInt();
    const int seeds = parser.value(seedsOption).toInt();
    const int64_t samples = parser.value(samplesOption).toLongLong();

    torch::manual_seed(2024);
    QTemporaryDir scratch;
    const fs::path workspace = scratch.filePath(QStringLiteral("workspace")).toStdString();
    fs::create_directories(workspace);
    const torch::Tensor testLabels = torch::randint(kClasses, {samples}, torch::kInt64);
    const torch::Tensor valLabels = torch::randint(kClasses, {samples / 2}, torch::kInt64);

    QElapsedTimer timer;
    timer.start();
    flipbench::RunConfig base;
    base.data.path = "synthetic";
    base.model.arch = "small_cnn";
    base.train.epochs = 8;
    base.name = "old";
    base.train.seed = 100;
    const fs::path old = writeRun(workspace, base, testLabels, valLabels);
    std::vector<fs::path> runs{old};
    QStringList paths{QString::fromStdString(old.string())};
    for (int g = 0; g < groups; ++g)
        for (int s = 1; s <= seeds; ++s) {
            flipbench::RunConfig config = base;
            config.train.seed = static_cast<uint64_t>(s);
            if (g > 0) { // group 0 is plain retraining, the others FD at a grid of weights
                config.method.name = "fd";
                config.method.reference = {old.string()};
                config.method.kdLossWeight = 0.1 * g;
            }
            config.name = "g" + std::to_string(g) + "-s" + std::to_string(s);
            runs.push_back(writeRun(workspace, config, testLabels, valLabels));
            paths << QString::fromStdString(runs.back().string());
        }
    std::printf("workspace: %zu runs (old + %d groups x %d seeds), %lld test and %lld validation images; "
                "written in %.0f ms\n",
                runs.size(), groups, seeds, static_cast<long long>(samples), static_cast<long long>(samples / 2),
                msSince(timer));

    flipbench::GroupTableOptions options;
    options.old = old;
    timer.restart();
    const flipbench::GroupTable table = flipbench::buildGroupTable(runs, options);
    std::printf("group table (core buildGroupTable): %zu rows, noise floor over %d pairs: %.0f ms\n", table.rows.size(),
                table.noiseFloor.n, msSince(timer));

    timer.restart();
    const flipbench::ui::PairwiseNfr pairwise = flipbench::ui::computePairwiseNfr(paths);
    std::printf("pairwise NFR matrix (All runs tab): %lld x %lld: %.0f ms\n",
                static_cast<long long>(pairwise.names.size()), static_cast<long long>(pairwise.names.size()),
                msSince(timer));

    const torch::Tensor correct = noisyLogits(testLabels, 2.5).argmax(1).eq(testLabels).to(torch::kUInt8).contiguous();
    const flipbench::SampleIndicators indicators(correct.data_ptr<uint8_t>(), correct.data_ptr<uint8_t>() + samples);
    timer.restart();
    const flipbench::RateEstimate single = flipbench::estimateRate({indicators}, 0.95, 1000);
    std::printf("bootstrap interval of one run's accuracy (1,000 resamples of %lld images, drawn as binomial counts): "
                "%.1f ms (%.2f%%, 95%% %.2f-%.2f)\n",
                static_cast<long long>(samples), msSince(timer), single.mean * 100, single.interval.low * 100,
                single.interval.high * 100);

    // The same table through the Seeds tab: built on the thread pool while the GUI thread ticks.
    flipbench::ui::SeedGroupsPanel panel;
    panel.resize(1200, 700);
    panel.setWorkspace(QString::fromStdString(workspace.string()));
    panel.setOldModel(QStringLiteral("old"));
    constexpr int kIntervalMs = 10;
    std::vector<double> delays;
    QElapsedTimer sinceTick;
    QTimer ticker;
    ticker.setTimerType(Qt::PreciseTimer);
    QObject::connect(&ticker, &QTimer::timeout, [&] {
        delays.push_back(std::max(0.0, msSince(sinceTick) - kIntervalMs));
        sinceTick.restart();
    });
    double tabMs = 0;
    QObject::connect(&panel, &flipbench::ui::SeedGroupsPanel::computed, [&] {
        tabMs = msSince(timer);
        app.quit();
    });
    QTimer::singleShot(0, [&] {
        sinceTick.start();
        ticker.start(kIntervalMs);
        timer.restart();
        panel.show(); // shown, the tab builds its table by itself
    });
    app.exec();
    std::printf("Seeds tab: table of %d rows in %.0f ms; GUI-thread timer lateness over %zu ticks of %d ms: "
                "p50 %.2f ms, p99 %.2f ms, max %.2f ms\n",
                panel.table()->rowCount(), tabMs, delays.size(), kIntervalMs, flipbench::bench::percentile(delays, 0.5),
                flipbench::bench::percentile(delays, 0.99),
                delays.empty() ? 0 : *std::max_element(delays.begin(), delays.end()));
    return panel.table()->rowCount() == static_cast<int>(table.rows.size()) ? 0 : 1;
}
