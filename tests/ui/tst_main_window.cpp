// The workbench window end to end on the offscreen platform: the welcome page, the layout, starting
// a run from the form, live and recorded curves, cancel and resume, a failed run's error, the
// training time, reopening a workspace and a finished plan's summary (the run table's actions and
// the queue across a restart are in tst_run_actions). Small demo data; no assertion depends on
// timing.

#include "flip_fixture.h"
#include "test_support.h"
#include "window_test_support.h"

#include "ui/app/app_settings.h"
#include "ui/compare/compare_view.h"
#include "ui/curves/curves_panel.h"
#include "ui/app/main_window.h"
#include "ui/compare/model_source.h"
#include "ui/new_run/new_run_dialog.h"
#include "ui/widgets/qcustomplot_include.h"
#include "ui/training/queue_panel.h"
#include "ui/runs/run_table_model.h"
#include "ui/runs/runs_panel.h"
#include "ui/training/training_controller.h"
#include "ui/app/welcome_panel.h"

#include <flipbench/runs/queued_run.h>

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDockWidget>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QToolButton>
#include <QtTest/QtTest>

#include <flipbench/util/atomic_file.h>
#include <flipbench/runs/run_notes.h>

#include <fstream>
#include <memory>

using fbtest::answerNextMessageBox;
using fbtest::child;
using fbtest::rowNamed;
using fbtest::stateOf;
using fbtest::typeInto;
using flipbench::ui::MainWindow;
using flipbench::ui::NewRunDialog;
using flipbench::ui::RunRow;
using flipbench::ui::RunTableModel;

namespace {

int pointsIn(QCustomPlot* plot)
{
    int points = 0;
    for (int i = 0; i < plot->graphCount(); ++i)
        points += plot->graph(i)->dataCount();
    return points;
}

/// A train/<class>/ and test/<class>/ folder of two classes with one PNG each.
void writeImageFolder(const QString& root)
{
    for (const char* split : {"train", "test"})
        for (const char* name : {"circle", "square"}) {
            const QString dir = QStringLiteral("%1/%2/%3").arg(root, QLatin1String(split), QLatin1String(name));
            QVERIFY(QDir().mkpath(dir));
            QImage image(8, 8, QImage::Format_RGB32);
            image.fill(QColor(200, 40, 40));
            QVERIFY(image.save(dir + QStringLiteral("/0.png"), "PNG"));
        }
}

RunRow completedRow(const QString& dir, const QString& reference = {})
{
    RunRow row;
    row.dir = dir;
    row.name = QFileInfo(dir).fileName();
    row.state = flipbench::RunState::Completed;
    row.reference = reference;
    return row;
}

} // namespace

class TestMainWindow : public QObject {
    Q_OBJECT

    fbtest::ScratchDir scratch_;
    QString data_;

    QString workspace(const char* name) { return fbtest::toQString(scratch_ / name); }

    flipbench::RunConfig config(const std::string& name, int epochs)
    {
        auto c = fbtest::tinyRunConfig(fbtest::toPath(data_), name, epochs, 1);
        c.train.logEvery = 1;
        return c;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true); // settings and demo data stay out of the user's home
        QSettings().clear();
        data_ = fbtest::toQString(fbtest::writeDemoData(scratch_.path(), 320, 64, 3));
    }

    void init() { QSettings().clear(); }

    void welcomeCheckesTheDataFolderAtOnce()
    {
        MainWindow window;
        QVERIFY(window.openWorkspace(workspace("ws-welcome")));
        window.show();
        QVERIFY(window.isShowingWelcome());
        auto* welcome = window.findChild<flipbench::ui::WelcomePanel*>();
        QVERIFY(!welcome->tryDataFolder(workspace("ws-welcome"))); // a folder, but no CIFAR-10 in it
        QVERIFY2(welcome->errorText().contains(QStringLiteral("not a CIFAR-10 binary folder")),
                 qPrintable(welcome->errorText()));
        QVERIFY(window.isShowingWelcome());
        QVERIFY(welcome->tryDataFolder(data_));
        QVERIFY(!window.isShowingWelcome());
        QCOMPARE(flipbench::ui::AppSettings::dataPath(), data_);
        QVERIFY(window.findChild<NewRunDialog*>()); // accepted folder: straight on to a new run
    }

    void layoutFitsAt1280And1024()
    {
        MainWindow window;
        window.setDataPath(data_);
        QVERIFY(window.openWorkspace(workspace("ws-layout")));
        window.resize(1280, 800);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(!window.isShowingWelcome());
        auto* dock = child<QDockWidget>(&window, "queueDock");
        QVERIFY(dock->isVisible());
        // The queue dock opens wide enough for "▶ name — running on cuda:0".
        QVERIFY2(dock->width() >= flipbench::ui::QueuePanel::kPreferredWidth - 10,
                 qPrintable(QString::number(dock->width())));

        QTableView* table = window.runsPanel()->view();
        for (const QSize size : {QSize(1280, 800), QSize(1024, 768)}) {
            window.resize(size);
            QVERIFY(fbtest::waitUntil([&] { return window.size() == size; }, 10000));
            // Every column, Duration included, without scrolling sideways.
            const auto fits = [&] {
                return table->horizontalHeader()->length() <= table->viewport()->width() &&
                       table->horizontalScrollBar()->maximum() == 0;
            };
            QVERIFY2(fbtest::waitUntil(fits, 10000), qPrintable(QStringLiteral("%1x%2: columns %3 px in %4 px")
                                                                    .arg(size.width())
                                                                    .arg(size.height())
                                                                    .arg(table->horizontalHeader()->length())
                                                                    .arg(table->viewport()->width())));
            // At least six whole rows of runs.
            QVERIFY2(table->viewport()->height() >= 6 * table->verticalHeader()->defaultSectionSize(),
                     qPrintable(QString::number(table->viewport()->height())));
        }
        // Nothing keeps the window wider than 1024 or taller than 700 pixels.
        QVERIFY2(window.minimumSizeHint().width() <= 1024,
                 qPrintable(QString::number(window.minimumSizeHint().width())));
        QVERIFY2(window.minimumSizeHint().height() <= 700,
                 qPrintable(QString::number(window.minimumSizeHint().height())));
        const QSize small(1024, 700);
        window.resize(small);
        QVERIFY(fbtest::waitUntil([&] { return window.size() == small; }, 10000));
    }

    void welcomeOffersAFolderOfOwnImages()
    {
        MainWindow window;
        QVERIFY(window.openWorkspace(workspace("ws-images")));
        window.show();
        QVERIFY(window.isShowingWelcome());
        QVERIFY(child<QPushButton>(&window, "chooseImageFolderButton")->isVisibleTo(&window));
        const QString images = workspace("my-images");
        writeImageFolder(images);
        auto* welcome = window.findChild<flipbench::ui::WelcomePanel*>();
        QVERIFY2(welcome->tryDataFolder(images), qPrintable(welcome->errorText()));
        QVERIFY(!window.isShowingWelcome());
        QCOMPARE(flipbench::ui::AppSettings::dataPath(), images);
        auto* dialog = window.findChild<NewRunDialog*>();
        QVERIFY(dialog); // accepted: on to a new run on those images
        QCOMPARE(child<QLineEdit>(dialog, "dataPathEdit")->text(), images);
    }

    void comparePairComesFromTheSelection()
    {
        const QString old = QStringLiteral("/ws/old"), fresh = QStringLiteral("/ws/fd"),
                      other = QStringLiteral("/ws/b2");
        const QVector<RunRow> rows = {completedRow(old), completedRow(fresh, QStringLiteral("old")),
                                      completedRow(other), completedRow(QStringLiteral("/ws/elodi"), "old, b2")};
        using flipbench::ui::comparisonPairFor;
        using Pair = std::pair<QString, QString>;
        // One run with a reference: the reference is A.
        QCOMPARE(comparisonPairFor({&rows[1]}, rows), Pair(old, fresh));
        // A run and its reference, in either order; a run selected with others: still its reference.
        QCOMPARE(comparisonPairFor({&rows[0], &rows[1]}, rows), Pair(old, fresh));
        QCOMPARE(comparisonPairFor({&rows[2], &rows[1]}, rows), Pair(old, fresh));
        // Several references: their ensemble is A.
        QCOMPARE(comparisonPairFor({&rows[3]}, rows).first, flipbench::ui::ensembleKey({old, other}));
        // No reference among them: the upper run is A. One run without a reference: no pair.
        QCOMPARE(comparisonPairFor({&rows[0], &rows[2]}, rows), Pair(old, other));
        QCOMPARE(comparisonPairFor({&rows[0]}, rows), Pair());
        RunRow running = completedRow(QStringLiteral("/ws/live"), QStringLiteral("old"));
        running.state = flipbench::RunState::Running;
        QCOMPARE(comparisonPairFor({&running}, rows), Pair()); // nothing to compare before it completes

        // In the window: select the FD run, open Compare, and A and B are already filled in.
        const auto [data, fingerprint] = fbtest::writeFlipFixtureTestSet(scratch_ / "flip-data");
        const fbtest::fs::path ws = scratch_ / "ws-compare";
        const QString runA =
            fbtest::writeCompletedRun(ws, "old", fbtest::plannedLogitsOf(true), data, data.test.labels, fingerprint);
        const QString runB = fbtest::writeCompletedRun(ws, "new-fd", fbtest::plannedLogitsOf(false), data,
                                                       data.test.labels, fingerprint);
        std::ofstream(fbtest::toPath(runB) / "config.json") << R"({"method": {"name": "fd", "reference": ["old"]}})";
        MainWindow window;
        window.setDataPath(data_);
        QVERIFY(window.openWorkspace(fbtest::toQString(ws)));
        window.show();
        window.runsPanel()->selectRunDir(runB);
        child<QTabWidget>(&window, "modeTabs")->setCurrentWidget(window.compareView());
        QCOMPARE(child<QComboBox>(window.compareView(), "modelACombo")->currentData().toString(), runA);
        QCOMPARE(child<QComboBox>(window.compareView(), "modelBCombo")->currentData().toString(), runB);
        QVERIFY(fbtest::waitUntil([&] { return !window.compareView()->isBusy(); }, 120000));
        QVERIFY2(window.compareView()->errorText().isEmpty(), qPrintable(window.compareView()->errorText()));
        QCOMPARE(window.compareView()->comparison()->pathB, runB);
        // With a sample in the detail panel, the window still fits 700 pixels.
        QVERIFY2(window.minimumSizeHint().height() <= 700,
                 qPrintable(QString::number(window.minimumSizeHint().height())));
    }

    void demoDataReachesARunningTrainingInThreeClicks()
    {
        MainWindow window;
        QVERIFY(window.openWorkspace(workspace("ws-demo")));
        window.show();
        QVERIFY(window.isShowingWelcome());
        QTest::mouseClick(child<QPushButton>(&window, "demoButton"), Qt::LeftButton); // click 1
        // The demo data is written in the background, then the form opens with the plan.
        QVERIFY(fbtest::waitUntil([&] { return window.findChild<NewRunDialog*>() != nullptr; }, 300000));
        auto* dialog = window.findChild<NewRunDialog*>();
        QCOMPARE(child<QListWidget>(dialog, "planList")->count(), 4); // the cpu-quick plan
        QVERIFY2(dialog->isValid(), qPrintable(dialog->firstError()));
        QTest::mouseClick(child<QPushButton>(dialog, "startButton"), Qt::LeftButton); // click 2
        QVERIFY(window.controller()->isBusy() || !window.controller()->queuedJobs().isEmpty());
        QCOMPARE(window.controller()->runningJobs().size() + window.controller()->queuedJobs().size(), 4);
        // While the plan trains, the status bar says how long all of it still takes, in minutes.
        auto* planTime = child<QLabel>(&window, "planTimeLabel");
        QVERIFY(fbtest::waitUntil([&] { return !planTime->isHidden(); }, 300000));
        const QRegularExpression expected(
            QStringLiteral("^Plan: [1-3] more runs?, (about \\d+ (h \\d\\d )?min|under a minute) left$"));
        QVERIFY2(expected.match(planTime->text()).hasMatch(), qPrintable(planTime->text()));
        window.controller()->cancelAll();
        QVERIFY(window.controller()->waitForWorkers(300000));
    }

    void formStartsARunThatCompletesWithAccuracyAndCurves()
    {
        MainWindow window;
        window.setDataPath(data_);
        QVERIFY(window.openWorkspace(workspace("ws-form")));
        window.show();
        NewRunDialog* dialog = window.newRun();
        typeInto(child<QLineEdit>(dialog, "nameEdit"), QStringLiteral("from-form"));
        child<QSpinBox>(dialog, "epochsSpin")->setValue(2);
        auto* start = child<QPushButton>(dialog, "startButton");

        typeInto(child<QLineEdit>(dialog, "lrEdit"), QStringLiteral("-0.1"));
        QVERIFY(!start->isEnabled());
        const QString error = child<QLabel>(dialog, "errorLabel")->text();
        QVERIFY2(error.contains(QStringLiteral("lr")), qPrintable(error));
        typeInto(child<QLineEdit>(dialog, "lrEdit"), QStringLiteral("0.05"));
        QVERIFY2(start->isEnabled(), qPrintable(dialog->firstError()));
        QTest::mouseClick(start, Qt::LeftButton);

        QVERIFY(fbtest::waitUntil([&] { return stateOf(window, QStringLiteral("from-form")) == "completed"; }, 300000));
        const RunRow* row = rowNamed(window, QStringLiteral("from-form"));
        QVERIFY(row->accuracy.has_value());
        QVERIFY(*row->accuracy > 0.0 && *row->accuracy <= 1.0);
        QCOMPARE(row->epochsDone, 2);
        // The new run was selected when it started, so its curves are on screen.
        QCOMPARE(window.curvesPanel()->runs().size(), 1);
        QVERIFY(pointsIn(child<QCustomPlot>(&window, "lossPlot")) > 0);
        QVERIFY(pointsIn(child<QCustomPlot>(&window, "accuracyPlot")) >= 2);
    }

    void reopeningTheWorkspaceRestoresRunsAndCurves()
    {
        MainWindow window; // the workspace of the previous test, opened afresh
        window.setDataPath(data_);
        QVERIFY(window.openWorkspace(workspace("ws-form")));
        window.show();
        const RunRow* row = rowNamed(window, QStringLiteral("from-form"));
        QVERIFY(row);
        QCOMPARE(flipbench::ui::stateText(row->state), QStringLiteral("completed"));
        QVERIFY(row->accuracy.has_value());
        QVERIFY(window.curvesPanel()->runs().isEmpty());
        window.runsPanel()->selectRunDir(row->dir);
        QCOMPARE(window.curvesPanel()->runs().size(), 1);
        QVERIFY(pointsIn(child<QCustomPlot>(&window, "lossPlot")) > 0);
        QVERIFY(pointsIn(child<QCustomPlot>(&window, "accuracyPlot")) >= 2);
    }

    void cancelThenResumeFromTheWindow()
    {
        MainWindow window;
        window.setDataPath(data_);
        QVERIFY(window.openWorkspace(workspace("ws-cancel")));
        window.show();
        window.controller()->enqueuePlan(window.workspace(), {config("long", 400)});
        QVERIFY(fbtest::waitUntil(
            [&] {
                const RunRow* r = rowNamed(window, "long");
                return r && r->epochsDone >= 1;
            },
            300000));
        window.runsPanel()->selectRunDir(rowNamed(window, "long")->dir);
        const QList<int> jobs = window.runsPanel()->selectedJobIds();
        QCOMPARE(jobs.size(), 1);
        // Cancel asks first, and says the finished epochs are kept. "No" leaves it training.
        QString question;
        answerNextMessageBox(QMessageBox::No, &question);
        Q_EMIT window.runsPanel()->cancelRequested(jobs); // what the context menu's Cancel sends
        QVERIFY2(question.contains(QStringLiteral("long")) && question.contains(QStringLiteral("checkpoint")) &&
                     question.contains(QStringLiteral("Resume")),
                 qPrintable(question));
        QVERIFY(window.controller()->isBusy());
        QCOMPARE(stateOf(window, "long"), QStringLiteral("running"));
        answerNextMessageBox(QMessageBox::Yes);
        Q_EMIT window.runsPanel()->cancelRequested(jobs);
        QVERIFY(fbtest::waitUntil([&] { return stateOf(window, "long") == "cancelled"; }, 300000));

        // A cancelled run offers Resume in its details.
        window.runsPanel()->selectRunDir(rowNamed(window, "long")->dir);
        auto* resume = child<QPushButton>(&window, "resumeButton");
        QVERIFY(!resume->isHidden());
        QTest::mouseClick(resume, Qt::LeftButton);
        QVERIFY(window.controller()->isBusy());
        QVERIFY(fbtest::waitUntil([&] { return stateOf(window, "long") == "running"; }, 300000));
        window.controller()->cancelAll();
        QVERIFY(fbtest::waitUntil([&] { return stateOf(window, "long") == "cancelled"; }, 300000));
    }

    void failedRunShowsItsErrorInTheWindow()
    {
        MainWindow window;
        window.setDataPath(data_);
        QVERIFY(window.openWorkspace(workspace("ws-fail")));
        window.show();
        auto diverging = config("diverges", 2);
        diverging.train.lr = 1e6; // the loss becomes non-finite in the first steps
        window.controller()->enqueuePlan(window.workspace(), {diverging});
        QVERIFY(fbtest::waitUntil([&] { return stateOf(window, "diverges") == "failed"; }, 300000));
        QVERIFY2(window.messageBarText().contains(QStringLiteral("diverged")), qPrintable(window.messageBarText()));
        const QString details = child<QLabel>(&window, "runMessageLabel")->text();
        QVERIFY2(details.contains(QStringLiteral("diverged")), qPrintable(details));

        // A run whose data is gone fails before it trains: the window says why, and so does the run.
        auto missingData = config("no-data", 1);
        missingData.data.path = fbtest::toPath(workspace("no-such-folder")).string();
        window.controller()->enqueuePlan(window.workspace(), {missingData});
        QVERIFY(fbtest::waitUntil([&] { return window.messageBarText().contains(QStringLiteral("no-such-folder")); },
                                  300000));
        QVERIFY2(window.messageBarText().contains(QStringLiteral("does not exist")),
                 qPrintable(window.messageBarText()));
    }

    void durationIsTheTimeSpentTraining()
    {
        const auto ws = fbtest::toPath(workspace("ws-duration"));
        // Cancelled, then resumed a day later: 100 s of training in all.
        flipbench::RunStatus status;
        status.state = flipbench::RunState::Completed;
        status.epochs = status.epochsDone = 2;
        status.started = "2024-05-01T10:00:00Z";
        status.finished = "2024-05-02T09:00:00Z";
        status.trainingSeconds = 100;
        flipbench::RunFolder::create(ws, "resumed-later").writeStatus(status);
        // Written before status.json recorded the training time: started to finished, as before.
        status.trainingSeconds.reset();
        status.finished = "2024-05-01T10:02:07Z";
        flipbench::RunFolder::create(ws, "older-run").writeStatus(status);

        MainWindow window;
        window.setDataPath(data_);
        QVERIFY(window.openWorkspace(workspace("ws-duration")));
        const RunTableModel* model = window.runTableModel();
        const auto duration = [&](const char* name) {
            const RunRow* row = rowNamed(window, QString::fromLatin1(name));
            return row ? model->index(model->rowOfDir(row->dir), RunTableModel::Duration).data().toString() : QString();
        };
        QCOMPARE(duration("resumed-later"), QStringLiteral("1:40"));
        QCOMPARE(duration("older-run"), QStringLiteral("2:07"));
    }

    void aRunTrainedElsewhereIsFollowed()
    {
        // The CLI trains a run in this workspace: status.json says running, with a live pid (this
        // process's: writeStatus records the writer's).
        const auto ws = fbtest::toPath(workspace("ws-elsewhere"));
        flipbench::RunStatus status;
        status.state = flipbench::RunState::Running;
        status.epochs = 2;
        status.epochsDone = 1;
        const auto run = flipbench::RunFolder::create(ws, "cli-run");
        run.writeStatus(status);
        MainWindow window;
        window.setDataPath(data_);
        QVERIFY(window.openWorkspace(workspace("ws-elsewhere")));
        const RunRow* row = rowNamed(window, QStringLiteral("cli-run"));
        QVERIFY(row && row->state == flipbench::RunState::Running && row->jobId == 0);
        // It finishes: no folder comes or goes, so only the poll sees it.
        status.state = flipbench::RunState::Completed;
        status.epochsDone = 2;
        run.writeStatus(status);
        QVERIFY(window.reloadIfTrainedElsewhere());
        row = rowNamed(window, QStringLiteral("cli-run"));
        QVERIFY(row && row->state == flipbench::RunState::Completed);
        QVERIFY(!window.reloadIfTrainedElsewhere()); // nothing runs elsewhere now: nothing read

        // A run that says it runs on another machine (its process cannot be checked), last written
        // two hours ago: running as far as this machine knows, but stale, and so shown; it may be
        // taken over (Resume), and unchanged files are not read again.
        auto json = fbtest::readJsonFile(run.file("status.json"));
        json["state"] = "running";
        json["host"] = "another-machine";
        json["pid"] = 4242;
        json["updated"] = QDateTime::currentDateTimeUtc().addSecs(-7200).toString(Qt::ISODate).toStdString();
        flipbench::writeTextAtomically(run.file("status.json"), json.dump());
        QVERIFY(window.openWorkspace(workspace("ws-elsewhere"))); // read afresh
        row = rowNamed(window, QStringLiteral("cli-run"));
        QVERIFY(row && row->state == flipbench::RunState::Running && row->remote && row->stale);
        const RunTableModel* model = window.runTableModel();
        const auto statusCell = [&](const RunRow* r) {
            return model->index(model->rowOfDir(r->dir), RunTableModel::Status).data().toString();
        };
        QVERIFY2(statusCell(row).startsWith(QStringLiteral("stale · no heartbeat from another-machine for 2:00:")),
                 qPrintable(statusCell(row)));
        QVERIFY(canResume(*row));
        QVERIFY(!window.reloadIfTrainedElsewhere());

        // The same run with a fresh heartbeat: it trains there, marked with its host; not resumable
        // here, and found by the poll alone (no folder came or went).
        json["updated"] = QDateTime::currentDateTimeUtc().toString(Qt::ISODate).toStdString();
        json["epochs_done"] = 1;
        json["epochs"] = 4;
        flipbench::writeTextAtomically(run.file("status.json"), json.dump());
        QVERIFY(window.reloadIfTrainedElsewhere());
        row = rowNamed(window, QStringLiteral("cli-run"));
        QVERIFY(row && row->remote && !row->stale);
        QCOMPARE(statusCell(row), QStringLiteral("epoch 2/4 · on another-machine"));
        QVERIFY(!canResume(*row));

        // A run folder that a cluster task will train (sweep --slurm queued it) appears: listed as
        // queued in SLURM, and not taken into this window's queue when the workspace opens.
        flipbench::RunConfig config = fbtest::tinyRunConfig(fbtest::toPath(data_), "cluster-run", 1, 1);
        const auto queued = flipbench::createQueuedRun(config, ws);
        flipbench::RunStatus inScheduler = queued.readStatus();
        inScheduler.job = "slurm";
        queued.writeStatus(inScheduler);
        QVERIFY(window.reloadIfTrainedElsewhere());
        row = rowNamed(window, QStringLiteral("cluster-run"));
        QVERIFY(row && row->isQueuedInScheduler());
        QCOMPARE(statusCell(row), QStringLiteral("queued in SLURM"));
        QVERIFY(window.openWorkspace(workspace("ws-elsewhere")));
        QVERIFY(window.controller()->queuedJobs().isEmpty());
        QVERIFY(!window.controller()->isBusy());
    }

    void aFinishedPlanShowsItsSummaryAndVerdict()
    {
        // A plan's three runs with hand-planned test predictions (12 images, flip fixture): the old
        // model A (9 right: 75%), plain retraining B against it (5 right: 41.67%; NFR 6/12, PFR
        // 2/12) and an FD run C against it (8 right: 66.67%; NFR 2/12 = 16.67%, PFR 1/12 = 8.33%).
        const auto [data, fingerprint] = fbtest::writeFlipFixtureTestSet(scratch_ / "plan-data");
        const fbtest::fs::path ws = scratch_ / "ws-plan-summary";
        const auto writeRun = [&](const std::string& name, const torch::Tensor& logits, const std::string& method,
                                  const QString& reference) {
            const QString dir = fbtest::writeCompletedRun(ws, name, logits, data, data.test.labels, fingerprint);
            auto references = nlohmann::json::array();
            if (!reference.isEmpty())
                references.push_back(reference.toStdString());
            flipbench::RunFolder::open(fbtest::toPath(dir))
                .writeJson("config.json", {{"name", name}, {"method", {{"name", method}, {"reference", references}}}});
            return dir;
        };
        const QString old = writeRun("old", fbtest::plannedLogitsOf(true), "baseline", {});
        const QString retrained = writeRun("retrained", fbtest::plannedLogitsOf(false), "baseline", old);
        const QString fd = writeRun("fd", fbtest::thirdModelLogits(data.test.labels), "fd", old);

        MainWindow window;
        window.setDataPath(data_);
        QVERIFY(window.openWorkspace(fbtest::toQString(ws)));
        window.show();
        // A plan of one run has nothing to compare within it: no summary is even computed.
        Q_EMIT window.controller()->planFinished(QStringLiteral("plan-a"), {fd});
        QVERIFY(!window.findChild<QDialog*>(QStringLiteral("planSummary")));

        Q_EMIT window.controller()->planFinished(QStringLiteral("plan-b"), {old, retrained, fd});
        // Computed on the thread pool, then shown.
        QVERIFY(fbtest::waitUntil([&] { return window.findChild<QDialog*>(QStringLiteral("planSummary")); }, 120000));
        auto* summary = child<QDialog>(&window, "planSummary");
        QVERIFY(summary->isVisible());
        QVERIFY(!summary->isModal());
        auto* table = child<QTableWidget>(summary, "planSummaryTable");
        QCOMPARE(table->columnCount(), 6);
        QCOMPARE(table->horizontalHeaderItem(5)->text(), QStringLiteral("ΔNFR vs baseline"));
        QCOMPARE(table->rowCount(), 3);
        const auto cells = [&](int row) {
            QStringList texts;
            for (int c = 0; c < table->columnCount(); ++c)
                texts << table->item(row, c)->text();
            return texts;
        };
        const QString none = QStringLiteral("—");
        QCOMPARE(cells(0), (QStringList{"old", "Baseline", "75.00%", none, none, none}));
        QCOMPARE(cells(1), (QStringList{"retrained", "Baseline", "41.67%", "50.00%", "16.67%", "baseline"}));
        QCOMPARE(cells(2), (QStringList{"fd", "FD", "66.67%", "16.67%", "8.33%", "-33.33 pts"}));
        // 33 points fewer flips, but on 12 images the noise is 1.96 * sqrt((1/6 * 5/6 + 1/4) / 12)
        // = 35.3 points: no clear difference, in the dialog and in one line in the message bar.
        const QString verdicts = child<QLabel>(summary, "planSummaryVerdicts")->text();
        QVERIFY2(
            verdicts.contains(QStringLiteral("fd: no clear difference from retraining: NFR 16.67% against 50.00%")),
            qPrintable(verdicts));
        QVERIFY2(window.messageBarText().startsWith(QStringLiteral("Plan finished: no FD/LDI run differs from plain "
                                                                   "retraining beyond the noise")),
                 qPrintable(window.messageBarText()));
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_main_window.moc"
