// The run table's actions in the window (offscreen): comparing configurations, tags and notes, the
// error bar, deleting, and the queue's lifetime: waiting runs kept for the next session, Add to
// Queue, refusing to delete what a queued run needs, and closing while training. Small demo data;
// no assertion depends on timing.

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

class TestRunActions : public QObject {
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

    void compareConfigurationsListsOnlyWhatDiffers()
    {
        const auto ws = fbtest::toPath(workspace("ws-config-diff"));
        const auto writeRun = [&](const std::string& name, const char* config) {
            return fbtest::toQString(fbtest::writeCompletedRun(ws, name, config));
        };
        const QString a = writeRun("lr-high", R"({"name": "lr-high", "method": {"name": "baseline"},
            "train": {"lr": 0.1, "epochs": 3}, "versions": {"flipbench": "0.1.0"}})");
        const QString b = writeRun("lr-low", R"({"name": "lr-low", "method": {"name": "baseline"},
            "model": {"arch": "small_cnn"}, "train": {"lr": 0.05, "epochs": 3}, "versions": {"flipbench": "0.2.0"}})");

        MainWindow window;
        window.setDataPath(data_);
        QVERIFY(window.openWorkspace(fbtest::toQString(ws)));
        window.show();
        Q_EMIT window.runsPanel()->configDiffRequested(a, b); // what "Compare configurations…" sends
        auto* dialog = child<QDialog>(&window, "configDiffDialog");
        QVERIFY(dialog->isVisible());
        QVERIFY(!dialog->isModal()); // it stays open beside the run table
        auto* table = child<QTableWidget>(dialog, "configDiffTable");
        QCOMPARE(table->horizontalHeaderItem(1)->text(), QStringLiteral("lr-high"));
        QCOMPARE(table->horizontalHeaderItem(2)->text(), QStringLiteral("lr-low"));
        // Only the three settings that differ, by path; method.name, train.epochs and the versions
        // are not listed.
        const auto cells = [&](int row) {
            return QStringList{table->item(row, 0)->text(), table->item(row, 1)->text(), table->item(row, 2)->text()};
        };
        QCOMPARE(table->rowCount(), 3);
        QCOMPARE(cells(0), (QStringList{"model.arch", "not set", "small_cnn"}));
        QCOMPARE(cells(1), (QStringList{"name", "lr-high", "lr-low"}));
        QCOMPARE(cells(2), (QStringList{"train.lr", "0.1", "0.05"}));
        QVERIFY(window.messageBarText().isEmpty());

        // A run without a config.json says so in the message bar instead of showing a dialog.
        const auto bare = flipbench::RunFolder::create(ws, "no-config");
        Q_EMIT window.runsPanel()->configDiffRequested(a, fbtest::toQString(bare.dir()));
        QVERIFY2(window.messageBarText().contains(QStringLiteral("config.json")), qPrintable(window.messageBarText()));
    }

    void tagsAndANoteAreKeptShownAndFound()
    {
        const auto ws = fbtest::toPath(workspace("ws-notes"));
        const auto writeRun = [&](const std::string& name) {
            const auto run = flipbench::RunFolder::create(ws, name);
            flipbench::RunStatus status;
            status.state = flipbench::RunState::Completed;
            status.epochs = status.epochsDone = 1;
            run.writeStatus(status);
            return fbtest::toQString(run.dir());
        };
        const QString noted = writeRun("noted");
        writeRun("plain");

        MainWindow window;
        window.setDataPath(data_);
        QVERIFY(window.openWorkspace(fbtest::toQString(ws)));
        window.show();
        QTableView* table = window.runsPanel()->view();
        QVERIFY(table->isColumnHidden(RunTableModel::Tags)); // nothing written about any run yet

        const auto openDialog = [&]() -> QDialog* {
            Q_EMIT window.runsPanel()->editNotesRequested(noted); // what "Edit tags and note…" sends
            // The one on screen (a closed one may wait for its deferred deletion).
            for (auto* dialog : window.findChildren<QDialog*>(QStringLiteral("runNotesDialog")))
                if (dialog->isVisible())
                    return dialog;
            qFatal("no notes dialog on screen");
        };
        QDialog* dialog = openDialog();
        typeInto(child<QLineEdit>(dialog, "runTagsEdit"), QStringLiteral("lr-sweep, seed 2,, lr-sweep"));
        child<QPlainTextEdit>(dialog, "runNoteEdit")->setPlainText(QStringLiteral("Halved the LR after the plateau."));
        child<QDialogButtonBox>(dialog, "runNotesButtons")->button(QDialogButtonBox::Save)->click();

        // In the run folder, tags cleaned; the window's run table shows them at once.
        const auto stored = flipbench::readRunNotes(flipbench::RunFolder::open(fbtest::toPath(noted)));
        QCOMPARE(stored.tags, (std::vector<std::string>{"lr-sweep", "seed 2"}));
        QCOMPARE(stored.note, std::string("Halved the LR after the plateau."));
        QVERIFY(window.messageBarText().isEmpty());
        QVERIFY(!table->isColumnHidden(RunTableModel::Tags));
        const RunTableModel* model = window.runTableModel();
        const QModelIndex tags = model->index(model->rowOfDir(noted), RunTableModel::Tags);
        QCOMPARE(tags.data().toString(), QStringLiteral("lr-sweep, seed 2"));
        QCOMPARE(tags.data(Qt::ToolTipRole).toString(), QStringLiteral("Halved the LR after the plateau."));

        // The filter box finds the run by a tag and by a word of its note (not shown in the table).
        auto* filter = child<QLineEdit>(&window, "runFilterEdit");
        QCOMPARE(table->model()->rowCount(), 2);
        for (const char* text : {"seed 2", "PLATEAU"}) {
            typeInto(filter, QString::fromLatin1(text));
            QCOMPARE(table->model()->rowCount(), 1);
            QCOMPARE(table->model()->index(0, RunTableModel::Name).data().toString(), QStringLiteral("noted"));
        }
        typeInto(filter, QStringLiteral("no-such-tag"));
        QCOMPARE(table->model()->rowCount(), 0);
        filter->clear();

        // Opened again, the dialog starts from what was saved; Cancel changes nothing.
        dialog = openDialog();
        QCOMPARE(child<QLineEdit>(dialog, "runTagsEdit")->text(), QStringLiteral("lr-sweep, seed 2"));
        QCOMPARE(child<QPlainTextEdit>(dialog, "runNoteEdit")->toPlainText(),
                 QStringLiteral("Halved the LR after the plateau."));
        typeInto(child<QLineEdit>(dialog, "runTagsEdit"), QStringLiteral("discarded"));
        child<QDialogButtonBox>(dialog, "runNotesButtons")->button(QDialogButtonBox::Cancel)->click();
        QCOMPARE(flipbench::readRunNotes(flipbench::RunFolder::open(fbtest::toPath(noted))).tags,
                 (std::vector<std::string>{"lr-sweep", "seed 2"}));
    }

    void errorBarClosesAndABrokenRunIsNotCalledCompleted()
    {
        // A run recorded as completed whose config.json is torn: the table lists it as failed.
        const auto broken = flipbench::RunFolder::create(fbtest::toPath(workspace("ws-broken")), "broken-run");
        flipbench::RunStatus status;
        status.state = flipbench::RunState::Completed;
        status.epochs = status.epochsDone = 2;
        broken.writeStatus(status);
        fbtest::writeText(broken.file("config.json"), "{ \"name\": \"broken-run\", ");

        MainWindow window;
        window.setDataPath(data_);
        QVERIFY(window.openWorkspace(workspace("ws-broken")));
        window.show();
        const RunRow* row = rowNamed(window, QStringLiteral("broken-run"));
        QVERIFY(row);
        QCOMPARE(flipbench::ui::stateText(row->state), QStringLiteral("failed"));
        window.runsPanel()->selectRunDir(row->dir);
        QVERIFY(child<QPushButton>(&window, "resumeButton")->isHidden()); // nothing a resume could repair

        // Asked anyway (what the context menu sends): refused at once, for the real reason.
        const QString dir = row->dir;
        Q_EMIT window.runsPanel()->resumeRequested({dir});
        QVERIFY(window.controller()->queuedJobs().isEmpty());
        QVERIFY(!window.controller()->isBusy());
        const QString message = window.messageBarText();
        QVERIFY2(message.contains(QStringLiteral("config.json")), qPrintable(message));
        QVERIFY2(!message.contains(QStringLiteral("already completed")), qPrintable(message));

        // The bar's close button dismisses it.
        QTest::mouseClick(child<QToolButton>(&window, "messageBarClose"), Qt::LeftButton);
        QVERIFY(window.messageBarText().isEmpty());

        // A workspace switch clears it too: the error was about the other workspace's run.
        Q_EMIT window.runsPanel()->resumeRequested({dir});
        QVERIFY(!window.messageBarText().isEmpty());
        QVERIFY(window.openWorkspace(workspace("ws-broken-other")));
        QVERIFY2(window.messageBarText().isEmpty(), qPrintable(window.messageBarText()));
    }

    void closingKeepsWaitingRunsForTheNextSession()
    {
        auto window = std::make_unique<MainWindow>();
        window->setDataPath(data_);
        QVERIFY(window->openWorkspace(workspace("ws-paused")));
        window->show();
        window->controller()->setPaused(true); // the user paused the queue: nothing starts
        window->controller()->enqueuePlan(window->workspace(), {config("waits-1", 1), config("waits-2", 1)});
        QCOMPARE(window->controller()->queuedJobs().size(), 2);
        QCOMPARE(stateOf(*window, "waits-1"), QStringLiteral("queued"));
        QVERIFY(!rowNamed(*window, "waits-1")->dir.isEmpty()); // queued with its folder
        auto* pausedBar = child<QWidget>(window.get(), "queuePausedBar");
        QVERIFY(!pausedBar->isHidden()); // said plainly, not only in the status bar

        window->close(); // nothing is lost, so nothing to ask
        QVERIFY(!window->isVisible());
        window.reset(); // destroying the window with its controller must not call back into it
        QCOMPARE(fbtest::countEntries(fbtest::toPath(workspace("ws-paused"))), int64_t(3)); // and queue.json

        MainWindow next;
        next.setDataPath(data_);
        QVERIFY(next.openWorkspace(workspace("ws-paused")));
        next.show();
        QCOMPARE(next.controller()->queuedJobs().size(), 2);
        QCOMPARE(next.controller()->queuedJobs().first().displayName, QStringLiteral("waits-1"));
        QVERIFY(next.controller()->isPaused()); // an earlier session's runs wait for the user
        QCOMPARE(stateOf(next, "waits-2"), QStringLiteral("queued"));
        QVERIFY(rowNamed(next, "waits-2")->jobId != 0);
        QTest::mouseClick(child<QPushButton>(&next, "resumeQueueButton"), Qt::LeftButton);
        QVERIFY(!next.controller()->isPaused());
        QVERIFY(child<QWidget>(&next, "queuePausedBar")->isHidden());
        QVERIFY(fbtest::waitUntil([&] { return stateOf(next, "waits-2") == "completed"; }, 300000));
        QCOMPARE(stateOf(next, "waits-1"), QStringLiteral("completed"));
    }

    void addToQueueKeepsTheQueueRunning()
    {
        MainWindow window;
        window.setDataPath(data_);
        QVERIFY(window.openWorkspace(workspace("ws-add")));
        window.show();
        NewRunDialog* dialog = window.newRun();
        typeInto(child<QLineEdit>(dialog, "nameEdit"), QStringLiteral("added"));
        child<QSpinBox>(dialog, "epochsSpin")->setValue(1);
        auto* add = child<QPushButton>(dialog, "queueButton");
        QVERIFY2(add->isEnabled(), qPrintable(dialog->firstError()));
        QTest::mouseClick(add, Qt::LeftButton);
        QVERIFY(!window.controller()->isPaused()); // adding does not hold the queue
        QVERIFY(child<QWidget>(&window, "queuePausedBar")->isHidden());
        QVERIFY(fbtest::waitUntil([&] { return stateOf(window, "added") == "completed"; }, 300000));
    }

    void deletingARunThatAQueuedJobNeedsIsRefused()
    {
        MainWindow window;
        window.setDataPath(data_);
        QVERIFY(window.openWorkspace(workspace("ws-delete")));
        window.show();
        window.controller()->enqueuePlan(window.workspace(), {config("old", 1)});
        QVERIFY(fbtest::waitUntil([&] { return stateOf(window, "old") == "completed"; }, 300000));
        const QString oldDir = rowNamed(window, "old")->dir;
        window.controller()->setPaused(true);
        auto fresh = config("new", 1);
        fresh.method.name = "fd";
        fresh.method.reference = {oldDir.toStdString()};
        window.controller()->enqueuePlan(window.workspace(), {fresh});
        Q_EMIT window.runsPanel()->deleteRequested({oldDir}); // what the context menu's Delete sends
        QVERIFY(QFileInfo(oldDir).isDir());
        QVERIFY2(window.messageBarText().contains(QStringLiteral("trains against")),
                 qPrintable(window.messageBarText()));
        window.controller()->cancelAll();
    }

    void closingWhileTrainingAsksThenWaitsForTheWorker()
    {
        MainWindow window;
        window.setDataPath(data_);
        QVERIFY(window.openWorkspace(workspace("ws-close")));
        window.show();
        window.controller()->enqueuePlan(window.workspace(), {config("busy", 400)});
        QVERIFY(fbtest::waitUntil([&] { return stateOf(window, "busy") == "running"; }, 300000));

        answerNextMessageBox(QMessageBox::No);
        window.close();
        QVERIFY(window.isVisible()); // "No": keep training
        QVERIFY(window.controller()->isBusy());

        answerNextMessageBox(QMessageBox::Yes);
        window.close();
        QVERIFY(fbtest::waitUntil([&] { return !window.isVisible(); }, 300000));
        QVERIFY(!window.controller()->isBusy());
        const QString dir = fbtest::toQString(fbtest::onlySubfolder(fbtest::toPath(workspace("ws-close"))).value());
        QCOMPARE(QString::fromStdString(
                     flipbench::toString(flipbench::RunFolder::open(fbtest::toPath(dir)).readStatus().state)),
                 QStringLiteral("cancelled"));
    }
};

QTEST_MAIN(TestRunActions)
#include "tst_run_actions.moc"
