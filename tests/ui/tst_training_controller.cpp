// The GUI's training controller: work runs on worker threads, progress arrives batched in the GUI
// thread as plain values, cancel is cooperative, plans wait for their references, one training
// per device. No assertion depends on timing.

#include "test_support.h"

#include "ui/runs/run_row.h"
#include "ui/training/batching_progress_sink.h"
#include "ui/training/plan_eta.h"
#include "ui/training/training_controller.h"

#include <flipbench/util/errors.h>
#include <flipbench/runs/run_store.h>

#include <QtTest/QtTest>

namespace fs = std::filesystem;
using flipbench::ui::RunOutcome;
using flipbench::ui::RunProgress;
using flipbench::ui::stateText;
using flipbench::ui::TrainingController;
using flipbench::ui::TrainingJob;

namespace {

/// Everything a controller reported, recorded in the thread the signals were delivered in.
struct Recorder {
    QObject context; ///< connections end with the recorder, even if a failed test leaves jobs queued
    QList<RunProgress> progress;
    QList<RunOutcome> finished;
    struct PlanEnd {
        QString planId;
        QStringList runDirs;
        int jobsFinishedBefore = 0; ///< jobFinished signals received when planFinished came
    };
    QList<PlanEnd> plans;
    bool allProgressOnGuiThread = true;

    explicit Recorder(TrainingController& controller)
    {
        QObject::connect(&controller, &TrainingController::progress, &context, [this](const RunProgress& p) {
            allProgressOnGuiThread = allProgressOnGuiThread && QThread::currentThread() == qApp->thread();
            progress.append(p);
        });
        QObject::connect(&controller, &TrainingController::jobFinished, &context,
                         [this](const RunOutcome& outcome) { finished.append(outcome); });
        QObject::connect(&controller, &TrainingController::planFinished, &context,
                         [this](const QString& planId, const QStringList& runDirs) {
                             plans.append({planId, runDirs, int(finished.size())});
                         });
    }
    const RunOutcome* outcomeOf(int jobId) const
    {
        for (const auto& outcome : finished)
            if (outcome.jobId == jobId)
                return &outcome;
        return nullptr;
    }
};

} // namespace

class TestTrainingController : public QObject {
    Q_OBJECT

    fbtest::ScratchDir scratch_;
    fs::path data_;

    QString workspace(const std::string& name)
    {
        const fs::path dir = scratch_ / name;
        fs::create_directories(dir);
        return fbtest::toQString(dir);
    }

private Q_SLOTS:
    void initTestCase() { data_ = fbtest::writeDemoData(scratch_.path(), 320, 64, 5); }

    void batchingSinkKeepsTheLoggedStepsAndFlushesAtEpochEnds()
    {
        QList<RunProgress> delivered;
        // An interval no test run reaches: only runStarted, epoch ends and flush() deliver.
        flipbench::ui::BatchingProgressSink sink(
            7, QStringLiteral("/runs/a"), [&](const RunProgress& p) { delivered.append(p); }, 1 << 30);
        sink.runStarted("a", 2, 10);
        for (int epoch = 1; epoch <= 2; ++epoch) {
            for (int step = 1; step <= 10; ++step) {
                flipbench::StepProgress p;
                p.epoch = epoch;
                p.epochs = 2;
                p.step = step;
                p.stepsPerEpoch = 10;
                p.globalStep = (epoch - 1) * 10 + step;
                p.loss = 1.0 / p.globalStep;
                p.logged = step % 4 == 0 || step == 10; // log_every 4, and each epoch's last step
                sink.step(p);
            }
            flipbench::EpochReport report;
            report.epoch = epoch;
            report.testAccuracy = 0.5;
            report.testNfr = 0.01 * epoch;
            sink.epochEnded(report);
        }
        sink.flush(); // nothing pending: no extra batch
        QCOMPARE(delivered.size(), 3);
        // Steps 4, 8 and 10 of each epoch: what metrics.jsonl keeps, so reopening shows the same curve.
        QCOMPARE(delivered[1].steps.size(), 3);
        QCOMPARE(delivered[2].steps.size(), 3);
        QCOMPARE(delivered[2].steps.first().globalStep, qint64(14));
        QCOMPARE(delivered[2].steps.last().globalStep, qint64(20));
        QCOMPARE(delivered[2].steps.first().epochPosition, 1.4);
        QCOMPARE(delivered[2].globalStep, qint64(20)); // progress itself still counts every step
        QCOMPARE(delivered[2].epochs_.size(), 1);
        QCOMPARE(*delivered[2].epochs_.first().testNfr, 0.02);
        QCOMPARE(delivered[2].totalSteps, qint64(20));
        QCOMPARE(delivered[2].jobId, 7);
    }

    void planTimeLeftCountsTheQueuedRunsAtTheMeasuredSpeed()
    {
        const auto job = [](int id, const char* plan, const char* data, int epochs, int64_t limit, int64_t val) {
            TrainingJob j;
            j.id = id;
            j.planId = QString::fromLatin1(plan);
            j.config.data.path = data;
            j.config.data.trainLimit = limit;
            j.config.data.valSize = val;
            j.config.train.epochs = epochs;
            j.config.train.batchSize = 64;
            return j;
        };
        const TrainingJob running = job(1, "plan-1", "/data", 5, 0, 0);
        RunProgress progress;
        progress.jobId = 1;
        progress.epochs = 5;
        progress.totalSteps = 50; // 10 steps of 64: 640 images an epoch
        progress.globalStep = 10;
        progress.imagesPerSecond = 160;
        progress.etaSeconds = 200;
        QCOMPARE(flipbench::ui::runningImagesPerEpoch(progress, running), 640.0);

        const QList<TrainingJob> queued = {
            job(2, "plan-1", "/data", 3, 0, 0),    // the same images: 3 x 640 / 160 = 12 s
            job(3, "plan-1", "/data", 5, 320, 64), // 320 - 64 = 256 an epoch: 5 x 256 / 160 = 8 s
            job(4, "plan-1", "/other", 2, 0, 0),   // another folder, size unknown: 640 assumed, 8 s
            job(5, "plan-2", "/data", 100, 0, 0),  // another plan: not counted
        };
        QCOMPARE(flipbench::ui::queuedImagesPerEpoch(queued[1], running, 640), 256.0);
        const auto seconds = flipbench::ui::planSecondsLeft(progress, running, queued);
        QVERIFY(seconds.has_value());
        QCOMPARE(*seconds, 200.0 + 12.0 + 8.0 + 8.0);
        QCOMPARE(flipbench::ui::formatAboutMinutes(*seconds), QStringLiteral("about 4 min")); // 3.8 min
        QCOMPARE(flipbench::ui::formatAboutMinutes(29), QStringLiteral("under a minute"));
        QCOMPARE(flipbench::ui::formatAboutMinutes(3900), QStringLiteral("about 1 h 05 min"));

        // A limited running run trains on its limit less its validation images.
        TrainingJob limited = job(1, "plan-1", "/data", 5, 600, 100);
        QCOMPARE(flipbench::ui::runningImagesPerEpoch(progress, limited), 500.0);
        // Before the running run has measured its speed there is no estimate.
        progress.imagesPerSecond = 0;
        QVERIFY(!flipbench::ui::planSecondsLeft(progress, running, queued).has_value());
    }

    void trainsOnWorkerThreadAndReportsInGuiThread()
    {
        TrainingController controller;
        Recorder recorder(controller);
        const QString ws = workspace("ws-complete");
        auto config = fbtest::tinyRunConfig(data_, "live", 2, 1);
        config.train.logEvery = 2;
        const auto ids = controller.enqueuePlan(ws, {config});
        QVERIFY(fbtest::waitUntil([&] { return recorder.outcomeOf(ids.first()); }, 300000));
        const RunOutcome outcome = *recorder.outcomeOf(ids.first());
        QCOMPARE(stateText(outcome.state), QStringLiteral("completed"));
        QVERIFY2(outcome.trainedOnWorkerThread, "training ran on the GUI thread");
        QVERIFY(recorder.allProgressOnGuiThread);
        QVERIFY(QFileInfo(outcome.runDir).isDir());

        // The live curve gets exactly the steps metrics.jsonl logs, once each and in order, whatever
        // the batching: a run reopened later shows what was seen live. Both epochs arrive.
        QList<qint64> live;
        int epochs = 0;
        for (const auto& batch : recorder.progress) {
            QCOMPARE(batch.runDir, outcome.runDir);
            for (const auto& step : batch.steps)
                live.append(step.globalStep);
            epochs += int(batch.epochs_.size());
        }
        QList<qint64> logged;
        for (const auto& record : fbtest::readJsonLines(fbtest::toPath(outcome.runDir) / "metrics.jsonl"))
            if (record.value("type", "") == "step")
                logged.append(record.value("global_step", qint64(0)));
        QCOMPARE(live, logged);
        // 320 images / batch 64 = 5 steps per epoch; log_every 2 keeps steps 2 and 4, and 5 as the last.
        QCOMPARE(logged, (QList<qint64>{2, 4, 5, 7, 9, 10}));
        QCOMPARE(epochs, 2);
        QVERIFY(!controller.isBusy());
    }

    void cancelStopsTheRunningJob()
    {
        TrainingController controller;
        Recorder recorder(controller);
        const int id =
            controller.enqueuePlan(workspace("ws-cancel"), {fbtest::tinyRunConfig(data_, "long", 500, 1)}).first();
        QVERIFY(fbtest::waitUntil(
            [&] { return !recorder.progress.isEmpty() && recorder.progress.last().globalStep > 0; }, 300000));
        controller.cancelJob(id);
        QVERIFY(fbtest::waitUntil([&] { return recorder.outcomeOf(id); }, 300000));
        QCOMPARE(stateText(recorder.outcomeOf(id)->state), QStringLiteral("cancelled"));
        const auto status = flipbench::RunFolder::open(fbtest::toPath(recorder.outcomeOf(id)->runDir)).readStatus();
        QVERIFY(status.state == flipbench::RunState::Cancelled);
        QVERIFY(status.epochsDone < 500);
    }

    void planRunWaitsForItsReference()
    {
        TrainingController controller;
        Recorder recorder(controller);
        auto old = fbtest::tinyRunConfig(data_, "old", 1, 1);
        auto fresh = fbtest::tinyRunConfig(data_, "new", 1, 2);
        fresh.method.name = "fd";
        fresh.method.reference = {"old"}; // the plan's own run, by config name
        const auto ids = controller.enqueuePlan(workspace("ws-plan"), {old, fresh});
        QVERIFY(fbtest::waitUntil([&] { return recorder.finished.size() == 2; }, 300000));
        QCOMPARE(stateText(recorder.outcomeOf(ids[0])->state), QStringLiteral("completed"));
        QCOMPARE(stateText(recorder.outcomeOf(ids[1])->state), QStringLiteral("completed"));
        const auto config = fbtest::readJsonFile(fbtest::toPath(recorder.outcomeOf(ids[1])->runDir) / "config.json");
        QCOMPARE(QString::fromStdString(config["method"]["reference"][0].get<std::string>()),
                 recorder.outcomeOf(ids[0])->runDir);
        // The plan ended once, after its second run, with both folders in plan order.
        QCOMPARE(recorder.plans.size(), 1);
        QCOMPARE(recorder.plans[0].jobsFinishedBefore, 2);
        QVERIFY(!recorder.plans[0].planId.isEmpty());
        QCOMPARE(recorder.plans[0].runDirs,
                 (QStringList{recorder.outcomeOf(ids[0])->runDir, recorder.outcomeOf(ids[1])->runDir}));
    }

    void planFinishesWithItsLastRunOnly()
    {
        TrainingController controller;
        Recorder recorder(controller);
        controller.setPaused(true);
        const QString ws = workspace("ws-plan-end");
        const auto ids =
            controller.enqueuePlan(ws,
                                   {fbtest::tinyRunConfig(data_, "a", 1, 1), fbtest::tinyRunConfig(data_, "b", 1, 2),
                                    fbtest::tinyRunConfig(data_, "c", 1, 3)},
                                   QStringLiteral("three"));
        controller.enqueuePlan(ws, {fbtest::tinyRunConfig(data_, "alone", 1, 4)}); // a plan of its own
        const QString lastDir = controller.queuedJobs()[2].runDir;
        // Each folder says which plan it was queued with, so the run table groups them after a
        // restart: the plan's id is its first folder's name, its label the one given.
        const QString firstName = QFileInfo(controller.queuedJobs()[0].runDir).fileName();
        for (int i = 0; i < 3; ++i) {
            const auto plan = fbtest::readJsonFile(fbtest::toPath(controller.queuedJobs()[i].runDir) / "plan.json");
            QCOMPARE(QString::fromStdString(plan["plan"].get<std::string>()), firstName);
            QCOMPARE(plan["label"].get<std::string>(), std::string("three"));
            QCOMPARE(plan["position"].get<int>(), i);
            QCOMPARE(plan["size"].get<int>(), 3);
        }
        QCOMPARE(flipbench::ui::readRunRow(lastDir).planLabel, QStringLiteral("three"));
        QVERIFY(!QFileInfo::exists(controller.queuedJobs()[3].runDir + QStringLiteral("/plan.json")));
        QVERIFY(flipbench::ui::readRunRow(controller.queuedJobs()[3].runDir).planKey.isEmpty());
        controller.cancelJob(ids[0]);
        controller.cancelJob(ids[1]);
        QVERIFY(recorder.plans.isEmpty()); // c still waits
        controller.cancelJob(ids[2]);
        QCOMPARE(recorder.plans.size(), 1);
        QCOMPARE(recorder.plans[0].jobsFinishedBefore, 3);
        // Removed before they started: their folders are gone, so none is left to summarise.
        QVERIFY(!QFileInfo::exists(lastDir));
        QVERIFY(recorder.plans[0].runDirs.isEmpty());
        controller.cancelAll();
        QCOMPARE(recorder.plans.size(), 2);
        QVERIFY(recorder.plans[1].planId != recorder.plans[0].planId);
    }

    void planRunIsSkippedWhenItsReferenceFails()
    {
        TrainingController controller;
        Recorder recorder(controller);
        auto old = fbtest::tinyRunConfig(scratch_ / "no-such-data", "old", 1, 1);
        auto fresh = fbtest::tinyRunConfig(data_, "new", 1, 2);
        fresh.method.name = "ldi";
        fresh.method.reference = {"old"};
        const QString ws = workspace("ws-skip");
        const auto ids = controller.enqueuePlan(ws, {old, fresh});
        QVERIFY(fbtest::waitUntil([&] { return recorder.finished.size() == 2; }, 300000));
        QCOMPARE(stateText(recorder.outcomeOf(ids[0])->state), QStringLiteral("failed"));
        QVERIFY2(recorder.outcomeOf(ids[0])->message.contains(QStringLiteral("no-such-data")),
                 qPrintable(recorder.outcomeOf(ids[0])->message));
        QCOMPARE(stateText(recorder.outcomeOf(ids[1])->state), QStringLiteral("skipped"));
        QVERIFY(recorder.outcomeOf(ids[1])->message.contains(QStringLiteral("old")));
        // Both were queued with their folders; each now says, as failed, why it did not start.
        for (int id : ids) {
            const auto status = flipbench::RunFolder::open(fbtest::toPath(recorder.outcomeOf(id)->runDir)).readStatus();
            QCOMPARE(flipbench::toString(status.state), std::string("failed"));
            QCOMPARE(QString::fromStdString(status.message).left(20), recorder.outcomeOf(id)->message.left(20));
        }
        QCOMPARE(fbtest::countEntries(fbtest::toPath(ws)), int64_t(2));
        // Failed and skipped runs end the plan too; both folders are kept, and listed.
        QCOMPARE(recorder.plans.size(), 1);
        QCOMPARE(recorder.plans[0].jobsFinishedBefore, 2);
        QCOMPARE(recorder.plans[0].runDirs,
                 (QStringList{recorder.outcomeOf(ids[0])->runDir, recorder.outcomeOf(ids[1])->runDir}));
    }

    void queuedRunsSurviveARestart()
    {
        const QString ws = workspace("ws-restart");
        QString oldDir, freshDir;
        {
            TrainingController before;
            before.setPaused(true);
            auto old = fbtest::tinyRunConfig(data_, "old", 1, 1);
            auto fresh = fbtest::tinyRunConfig(data_, "new", 1, 2);
            fresh.method.name = "fd";
            fresh.method.reference = {"old"}; // the plan's own run, by config name
            auto lost = fbtest::tinyRunConfig(scratch_ / "data-that-goes-away", "lost", 1, 3);
            const auto ids = before.enqueuePlan(ws, {old, fresh, lost});
            QCOMPARE(before.queuedJobs().size(), 3);
            before.moveQueued(ids[2], 0); // the user's order is kept too
            oldDir = before.queuedJobs()[1].runDir;
            freshDir = before.queuedJobs()[2].runDir;
        }                                                               // quit with three runs waiting
        QCOMPARE(fbtest::countEntries(fbtest::toPath(ws)), int64_t(4)); // three run folders and queue.json
        for (const QString& dir : {oldDir, freshDir})
            QCOMPARE(flipbench::toString(flipbench::RunFolder::open(fbtest::toPath(dir)).readStatus().state),
                     std::string("queued"));
        // The plan's reference points at the folder of its run.
        const auto config = fbtest::readJsonFile(fbtest::toPath(freshDir) / "config.json");
        QCOMPARE(QString::fromStdString(config["method"]["reference"][0].get<std::string>()), oldDir);

        TrainingController after;
        Recorder recorder(after);
        QCOMPARE(after.restoreQueuedRuns(ws), 2);
        QVERIFY(after.isPaused()); // opening a workspace starts nothing by itself
        QCOMPARE(after.queuedJobs().size(), 2);
        QCOMPARE(after.queuedJobs()[0].runDir, oldDir);
        QCOMPARE(after.queuedJobs()[1].runDir, freshDir);
        QCOMPARE(after.restoreQueuedRuns(ws), 0); // already queued here
        // The run whose data folder is gone says so instead of waiting for nothing.
        const auto lost = flipbench::RunFolder::open(fbtest::toPath(ws) / "lost").readStatus();
        QCOMPARE(flipbench::toString(lost.state), std::string("failed"));
        QVERIFY2(fbtest::contains(lost.message, "data-that-goes-away") && fbtest::contains(lost.message, "resume"),
                 lost.message.c_str());

        after.setPaused(false);
        QVERIFY(fbtest::waitUntil([&] { return recorder.finished.size() == 2; }, 300000));
        for (const auto& outcome : recorder.finished)
            QVERIFY2(stateText(outcome.state) == QStringLiteral("completed"),
                     qPrintable(outcome.runName + ": " + outcome.message));
        QCOMPARE(
            fbtest::readJsonFile(fbtest::toPath(freshDir) / "config.json")["method"]["reference"][0].get<std::string>(),
            oldDir.toStdString());                                       // trained against the restored plan's run
        QVERIFY(!QFileInfo::exists(ws + QStringLiteral("/queue.json"))); // nothing waits any more
    }

    void queueRunsOneJobPerDeviceInTheChosenOrder()
    {
        TrainingController controller;
        Recorder recorder(controller);
        QList<int> started;
        connect(&controller, &TrainingController::jobStarted, this,
                [&](int id, const QString&) { started.append(id); });
        controller.setPaused(true);
        const auto ids = controller.enqueuePlan(workspace("ws-queue"), {fbtest::tinyRunConfig(data_, "a", 1, 1),
                                                                        fbtest::tinyRunConfig(data_, "b", 1, 2),
                                                                        fbtest::tinyRunConfig(data_, "c", 1, 3)});
        QCOMPARE(controller.queuedJobs().size(), 3);
        QVERIFY(!controller.isBusy());
        const fs::path ws = fbtest::toPath(controller.queuedJobs().first().workspace);
        QCOMPARE(fbtest::countEntries(ws), int64_t(4)); // a folder per queued run, and queue.json
        controller.moveQueued(ids[2], 0);
        QCOMPARE(controller.queuedJobs().first().id, ids[2]);
        controller.cancelJob(ids[1]); // removed before it started: its folder goes with it
        QCOMPARE(stateText(recorder.outcomeOf(ids[1])->state), QStringLiteral("cancelled"));
        QCOMPARE(controller.queuedJobs().size(), 2);
        QCOMPARE(fbtest::countEntries(ws), int64_t(3));

        controller.setPaused(false);
        QCOMPARE(controller.runningJobs().size(), 1); // both are on the CPU: one at a time
        QCOMPARE(controller.queuedJobs().size(), 1);
        QVERIFY(fbtest::waitUntil([&] { return recorder.finished.size() == 3; }, 300000));
        QCOMPARE(started.size(), 2);
        QCOMPARE(started[0], ids[2]);
        QCOMPARE(started[1], ids[0]);
        // One plan end, after the last of its runs; b was removed before it started.
        QCOMPARE(recorder.plans.size(), 1);
        QCOMPARE(recorder.plans[0].jobsFinishedBefore, 3);
        QCOMPARE(recorder.plans[0].runDirs,
                 (QStringList{recorder.outcomeOf(ids[0])->runDir, recorder.outcomeOf(ids[2])->runDir}));
    }

    void resumeIsRefusedWithTheReasonOfTheRunsState()
    {
        TrainingController controller;
        const QString ws = workspace("ws-resume-refused");
        const auto writeRun = [&](const std::string& name, const std::string& config) {
            return fbtest::toQString(fbtest::writeCompletedRun(fbtest::toPath(ws), name, config));
        };
        const QString done = writeRun("done", flipbench::toJson(fbtest::tinyRunConfig(data_, "done", 3, 1)).dump());
        const QString broken = writeRun("broken", "{ \"name\": ");

        const auto completed = fbtest::thrownMessage<flipbench::UserError>([&] { controller.enqueueResume(ws, done); });
        QVERIFY(completed.has_value());
        QVERIFY2(fbtest::contains(*completed, "already completed all 3 epochs"), completed->c_str());

        // Listed as failed (unreadable), so "already completed" would contradict the run table.
        const auto damaged = fbtest::thrownMessage<flipbench::UserError>([&] { controller.enqueueResume(ws, broken); });
        QVERIFY(damaged.has_value());
        QVERIFY2(!fbtest::contains(*damaged, "already completed"), damaged->c_str());
        QVERIFY2(fbtest::contains(*damaged, "config.json"), damaged->c_str());
        QVERIFY2(fbtest::contains(*damaged, "cannot be read"), damaged->c_str());
        QVERIFY(controller.queuedJobs().isEmpty());
        QVERIFY(!controller.isBusy());
    }

    void unknownDeviceIsRefusedWhenQueued()
    {
        TrainingController controller;
        auto config = fbtest::tinyRunConfig(data_, "gpu", 1, 1);
        config.train.device = "cuda:7";
        const auto message =
            fbtest::thrownMessage<std::exception>([&] { controller.enqueuePlan(workspace("ws-device"), {config}); });
        QVERIFY(message.has_value());
        QVERIFY2(fbtest::contains(*message, "train.device"), message->c_str());
        QVERIFY(controller.queuedJobs().isEmpty());
    }
};

QTEST_MAIN(TestTrainingController)
#include "tst_training_controller.moc"
