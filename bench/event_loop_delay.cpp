// Measures how responsive the workbench window stays while a training runs at full speed: a
// 10 ms timer in the GUI thread records how late each tick fires (event-loop delay) while the real
// MainWindow trains small_cnn on demo data, draws its live curves and updates its run table.
// Not a test: the numbers depend on the machine. bench/event_loop_delay.sh records them.
//   flipbench-bench-event-loop [--epochs N] [--threads N] [--train N]

#include <ui/curves/curves_panel.h>
#include <ui/app/main_window.h>
#include <ui/runs/run_row.h>
#include <ui/runs/runs_panel.h>
#include <ui/training/training_controller.h>

#include <flipbench/data/demo_data.h>
#include <flipbench/config/run_config.h>

#include "percentile.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <vector>

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("Flipbench-bench")); // keep the user's settings apart
    QCommandLineParser parser;
    const QCommandLineOption epochsOption(QStringLiteral("epochs"), QStringLiteral("epochs"), QStringLiteral("N"),
                                          QStringLiteral("3"));
    const QCommandLineOption threadsOption(QStringLiteral("threads"), QStringLiteral("CPU threads"),
                                           QStringLiteral("N"), QStringLiteral("0"));
    const QCommandLineOption trainOption(QStringLiteral("train"), QStringLiteral("training images"),
                                         QStringLiteral("N"), QStringLiteral("10000"));
    parser.addOptions({epochsOption, threadsOption, trainOption});
    parser.process(app);

    QTemporaryDir scratch;
    const std::string data =
        flipbench::writeDemoDataset(scratch.filePath(QStringLiteral("data")).toStdString()).string();

    flipbench::ui::MainWindow window;
    window.resize(1280, 820);
    window.openWorkspace(scratch.filePath(QStringLiteral("workspace")));
    window.setDataPath(QString::fromStdString(data));
    window.show();

    flipbench::RunConfig config;
    config.name = "responsiveness";
    config.data.path = data;
    config.data.trainLimit = parser.value(trainOption).toLongLong();
    config.model.arch = "small_cnn";
    config.train.epochs = parser.value(epochsOption).toInt();
    config.train.batchSize = 128;
    config.train.lr = 0.05;
    config.train.device = "cpu";
    config.train.threads = parser.value(threadsOption).toInt();
    config.train.logEvery = 1;

    // Ticks are only counted while the training runs (from its first progress report), so data
    // loading and start-up do not count as delay.
    constexpr int kIntervalMs = 10;
    std::vector<double> delays;
    bool training = false;
    int batches = 0;
    qint64 steps = 0;
    QElapsedTimer sinceTick, trainingTime;
    QTimer ticker;
    ticker.setTimerType(Qt::PreciseTimer);
    QObject::connect(&ticker, &QTimer::timeout, [&] {
        if (training)
            delays.push_back(std::max(0.0, double(sinceTick.nsecsElapsed()) / 1e6 - kIntervalMs));
        sinceTick.restart();
    });
    QObject::connect(window.controller(), &flipbench::ui::TrainingController::progress,
                     [&](const flipbench::ui::RunProgress& progress) {
                         if (!training && progress.globalStep > 0) {
                             training = true;
                             trainingTime.start();
                         }
                         ++batches;
                         steps += progress.steps.size();
                     });
    flipbench::RunState state = flipbench::RunState::Queued;
    QObject::connect(window.controller(), &flipbench::ui::TrainingController::jobFinished,
                     [&](const flipbench::ui::RunOutcome& outcome) {
                         state = outcome.state;
                         training = false;
                         app.quit();
                     });
    sinceTick.start();
    ticker.start(kIntervalMs);
    window.controller()->enqueuePlan(window.workspace(), {config});
    app.exec();

    const double seconds = trainingTime.isValid() ? double(trainingTime.elapsed()) / 1000.0 : 0;
    std::printf("run: %s, %lld steps in %.1f s (%.1f steps/s), %d progress batches (%.1f per second)\n",
                qPrintable(flipbench::ui::stateText(state)), static_cast<long long>(steps), seconds,
                seconds > 0 ? steps / seconds : 0, batches, seconds > 0 ? batches / seconds : 0);
    std::printf("event-loop delay over %zu ticks of %d ms: p50 %.2f ms, p99 %.2f ms, max %.2f ms\n", delays.size(),
                kIntervalMs, flipbench::bench::percentile(delays, 0.5), flipbench::bench::percentile(delays, 0.99),
                delays.empty() ? 0 : *std::max_element(delays.begin(), delays.end()));
    return state == flipbench::RunState::Completed ? 0 : 1;
}
