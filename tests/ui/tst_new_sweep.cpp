// New Sweep: the form's seeds and values as typed, the spec it makes, its preview (run count and
// refusals naming the field), the queued folders core's queueSweepRuns makes for the GUI's queue,
// and the whole way through the window: a sweep of 2 settings x 2 seeds queued from the dialog,
// trained by the controller, and shown in the run table as 2 groups of 2 seeds. Offscreen.

#include "test_support.h"

#include "ui/app/main_window.h"
#include "ui/new_sweep/new_sweep_dialog.h"
#include "ui/new_sweep/sweep_draft.h"
#include "ui/new_sweep/sweep_jobs.h"
#include "ui/runs/run_table_model.h"
#include "ui/training/training_controller.h"

#include <flipbench/config/run_config.h>
#include <flipbench/runs/run_store.h>
#include <flipbench/sweeps/sweep_record.h>
#include <flipbench/util/atomic_file.h>
#include <flipbench/util/errors.h>

#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSettings>
#include <QStandardPaths>
#include <QtTest/QtTest>

using namespace flipbench::ui;
namespace fs = std::filesystem;

class TestNewSweep : public QObject {
    Q_OBJECT

    fbtest::ScratchDir scratch_;
    QString data_;
    QString base_; ///< a config.json of a tiny run: 1 epoch of a small_cnn on the demo data

    SweepDraft draft(const QString& name, const QString& lrs, const QString& seeds) const
    {
        SweepDraft d;
        d.name = name;
        d.base = base_;
        d.grid = {{QStringLiteral("train.lr"), lrs}};
        d.seeds = seeds;
        return d;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QSettings().clear();
        data_ = fbtest::toQString(fbtest::writeDemoData(scratch_.path(), 160, 40, 5));
        auto config = fbtest::tinyRunConfig(fbtest::toPath(data_), "tiny", 1, 1);
        base_ = fbtest::toQString(scratch_ / "base.json");
        flipbench::writeTextAtomically(fbtest::toPath(base_), flipbench::toJson(config).dump(1));
    }

    void seedsAndValuesReadAsTyped()
    {
        QCOMPARE(parseSeedList(QStringLiteral("1, 2, 5-7")), std::vector<uint64_t>({1, 2, 5, 6, 7}));
        QCOMPARE(parseSeedList(QStringLiteral(" 3 ")), std::vector<uint64_t>({3}));
        const auto refused = [](const QString& text) -> QString {
            try {
                parseSeedList(text);
            } catch (const flipbench::ConfigError& e) {
                return QString::fromUtf8(e.what());
            }
            return {};
        };
        QCOMPARE(refused(QStringLiteral("1, x")), QStringLiteral("seeds: \"x\" is not a whole number"));
        QVERIFY(refused(QStringLiteral("")).startsWith(QStringLiteral("seeds: give at least one seed")));
        QVERIFY(refused(QStringLiteral("1, 1")).contains(QStringLiteral("each seed once")));
        QVERIFY(refused(QStringLiteral("5-2")).contains(QStringLiteral("not a range")));
        QVERIFY(refused(QStringLiteral("-1")).contains(QStringLiteral("not a whole number")));

        QCOMPARE(parseValueList(QStringLiteral("0.5, 1, kl, true")), nlohmann::json::parse(R"([0.5, 1, "kl", true])"));
        QCOMPARE(parseValueList(QStringLiteral(" , ")), nlohmann::json::array());
    }

    void theFormMakesASpec()
    {
        SweepDraft d = draft(QStringLiteral("lr"), QStringLiteral("0.05, 0.1"), QStringLiteral("1-2"));
        d.reference = {QStringLiteral("/w/old")};
        const nlohmann::json spec = sweepSpecOf(d);
        QCOMPARE(spec, nlohmann::json::parse(R"({"name": "lr", "base": ")" + base_.toStdString() +
                                             R"(", "reference": ["/w/old"], "seeds": [1, 2],
                                                  "grid": {"train.lr": [0.05, 0.1]}})"));
        // Plain retraining still writes its (empty) reference: a base run's own is cleared.
        QCOMPARE(sweepSpecOf(draft(QStringLiteral("x"), QStringLiteral("0.1"), QStringLiteral("1")))["reference"],
                 nlohmann::json::array());
        SweepDraft missing = draft(QStringLiteral("x"), QString(), QStringLiteral("1"));
        QVERIFY_THROWS_EXCEPTION(flipbench::ConfigError, sweepSpecOf(missing));

        const QStringList fields = sweepableFields(flipbench::toJson(fbtest::tinyRunConfig("/d", "n", 1, 1)));
        QVERIFY(fields.contains(QStringLiteral("train.lr")));
        QVERIFY(fields.contains(QStringLiteral("method.kd_loss_weight")));
        QVERIFY(!fields.contains(QStringLiteral("train.seed"))); // the seeds line sets it
        QVERIFY(!fields.contains(QStringLiteral("name")));
    }

    void thePreviewCountsTheRunsOrNamesWhatIsWrong()
    {
        const QString ws = fbtest::toQString(scratch_ / "ws-preview");
        const SweepPreview ok = previewSweep(sweepSpecOf(draft("p", "0.05, 0.1", "1, 2, 3")), ws, ws, data_);
        QVERIFY2(ok.error.isEmpty(), qPrintable(ok.error));
        QCOMPARE(ok.runs, 6);
        QCOMPARE(ok.settings, 2);
        QCOMPARE(ok.toTrain, 6);
        QVERIFY2(ok.summary.startsWith(QStringLiteral("6 runs: 2 settings × 3 seeds · ")), qPrintable(ok.summary));
        QVERIFY(!fs::exists(fbtest::toPath(ws))); // a preview writes nothing

        const SweepPreview bad = previewSweep(sweepSpecOf(draft("p", "0.05, -1", "1")), ws, ws, data_);
        QVERIFY2(bad.error.contains(QStringLiteral("train.lr = -1")) && bad.error.contains(QStringLiteral("must be")),
                 qPrintable(bad.error));
        nlohmann::json unknown = sweepSpecOf(draft("p", "0.1", "1"));
        unknown["grid"] = {{"train.lrr", {0.1}}};
        const SweepPreview typo = previewSweep(unknown, ws, ws, data_);
        QVERIFY2(typo.error.contains(QStringLiteral("train.lrr")), qPrintable(typo.error));
    }

    void queueingMakesTheFoldersAndQueueingAgainResumes()
    {
        const QString ws = fbtest::toQString(scratch_ / "ws-jobs");
        const nlohmann::json spec = sweepSpecOf(draft("q", "0.05, 0.1", "1, 2"));
        const SweepJobs first = prepareSweepJobs(spec, ws, ws, data_);
        QCOMPARE(first.planId, QStringLiteral("sweep:q"));
        QCOMPARE(first.runs, 4);
        QCOMPARE(first.jobs.size(), 4);
        for (const TrainingJob& job : first.jobs) {
            QVERIFY(job.kind == TrainingJob::Kind::NewRun);
            QCOMPARE(QFileInfo(job.runDir).fileName(), job.displayName);
            QVERIFY(flipbench::readSweepMembership(fbtest::toPath(job.runDir)).has_value());
            QCOMPARE(job.config.data.path, data_.toStdString());
        }
        QCOMPARE(flipbench::listSweeps(fbtest::toPath(ws)), std::vector<std::string>({"q"}));

        // Queued again (a restart, or Resume Sweep): the same folders, resumed, none made anew.
        const SweepJobs again = prepareSweepJobs(spec, ws, ws, data_);
        QCOMPARE(again.jobs.size(), 4);
        for (int i = 0; i < 4; ++i) {
            QVERIFY(again.jobs[i].kind == TrainingJob::Kind::Resume);
            QCOMPARE(again.jobs[i].runDir, first.jobs[i].runDir);
        }
        QCOMPARE(fbtest::countEntries(fbtest::toPath(ws)), 5); // 4 runs and sweeps/

        // A run the queue never started (its reference was cancelled) is marked failed: queueing the
        // sweep again trains it, where the CLI would want --retry-failed.
        auto folder = flipbench::RunFolder::open(fbtest::toPath(first.jobs[3].runDir));
        flipbench::RunStatus failed = folder.readStatus();
        failed.state = flipbench::RunState::Failed;
        failed.message = "Not started: its reference did not complete";
        folder.writeStatus(failed);
        const SweepJobs retried = prepareSweepJobs(spec, ws, ws, data_);
        QCOMPARE(retried.jobs.size(), 4);
        QVERIFY(retried.notes.isEmpty());
        QVERIFY(retried.jobs[3].kind == TrainingJob::Kind::Resume);

        // Other settings under the same run names are refused before anything is written, naming
        // the setting.
        nlohmann::json changed = spec;
        changed["set"] = {{"train.momentum", 0.5}};
        try {
            prepareSweepJobs(changed, ws, ws, data_);
            QFAIL("a changed sweep was queued");
        } catch (const flipbench::UserError& e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains(QStringLiteral("train.momentum")), e.what());
        }
    }

    void theDialogShowsTheCountAndRefusesBadSeeds()
    {
        const QString ws = fbtest::toQString(scratch_ / "ws-dialog");
        NewSweepDialog dialog(ws, data_);
        dialog.setName(QStringLiteral("d"));
        dialog.setGrid({{QStringLiteral("train.lr"), QStringLiteral("0.05, 0.1")}});
        dialog.setSeeds(QStringLiteral("1, 2"));
        dialog.updatePreview();
        // The first base is a preset's run: its data path is the data folder given.
        QVERIFY2(dialog.preview().error.isEmpty(), qPrintable(dialog.preview().error));
        QCOMPARE(dialog.preview().runs, 4);
        auto* label = dialog.findChild<QLabel*>(QStringLiteral("sweepPreviewLabel"));
        QVERIFY(label->text().startsWith(QStringLiteral("4 runs: 2 settings × 2 seeds")));
        auto* start = dialog.findChild<QPushButton*>(QStringLiteral("startSweepButton"));
        QVERIFY(start->isEnabled());

        dialog.setSeeds(QStringLiteral("1, two"));
        dialog.updatePreview();
        QCOMPARE(label->text(), QStringLiteral("seeds: \"two\" is not a whole number"));
        QVERIFY(!start->isEnabled());

        // A spec the form wrote opens in the form again; one of several arms in the Spec File tab.
        const nlohmann::json spec = sweepSpecOf(draft("again", "0.05, kl", "4, 5"));
        const std::optional<SweepDraft> back = draftOfSpec(spec);
        QVERIFY(back.has_value());
        QCOMPARE(back->grid.size(), 1);
        QCOMPARE(back->grid[0].values, QStringLiteral("0.05, kl"));
        QCOMPARE(back->seeds, QStringLiteral("4, 5"));
        QCOMPARE(sweepSpecOf(*back), spec);
        QVERIFY(!draftOfSpec(nlohmann::json::parse(R"({"name": "x", "base": "b", "seeds": [1], "arms": []})")));
        const QString file = fbtest::toQString(scratch_ / "again.json");
        flipbench::writeTextAtomically(fbtest::toPath(file), spec.dump());
        dialog.openSpecFile(file);
        QCOMPARE(dialog.findChild<QLineEdit*>(QStringLiteral("sweepSeedsEdit"))->text(), QStringLiteral("4, 5"));
        QCOMPARE(dialog.findChild<QLineEdit*>(QStringLiteral("sweepNameEdit"))->text(), QStringLiteral("again"));
    }

    void aSweepQueuedFromTheWindowTrainsAndShowsAsGroups()
    {
        const QString ws = fbtest::toQString(scratch_ / "ws-window");
        MainWindow window;
        window.setDataPath(data_);
        QVERIFY(window.openWorkspace(ws));
        NewSweepDialog* dialog = window.newSweep();
        dialog->setName(QStringLiteral("w"));
        dialog->setBase(base_); // the tiny run: a preset's would train for minutes
        dialog->setGrid({{QStringLiteral("train.lr"), QStringLiteral("0.05, 0.1")}});
        dialog->setSeeds(QStringLiteral("1, 2"));
        dialog->updatePreview();
        QVERIFY2(dialog->preview().error.isEmpty(), qPrintable(dialog->preview().error));
        QCOMPARE(dialog->preview().runs, 4);
        // Add to Queue leaves a paused queue paused; Start Sweep would resume it.
        window.controller()->setPaused(true);
        QSignalSpy planEnded(window.controller(), &TrainingController::planFinished);
        dialog->findChild<QPushButton*>(QStringLiteral("queueSweepButton"))->click();
        QVERIFY(window.controller()->isPaused());
        QCOMPARE(window.controller()->queuedJobs().size(), 4);
        for (const TrainingJob& job : window.controller()->queuedJobs())
            QCOMPARE(job.planId, QStringLiteral("sweep:w"));
        window.controller()->setPaused(false);
        QVERIFY(QFileInfo::exists(sweepSpecFile(ws, QStringLiteral("w"))));
        QVERIFY(fbtest::waitUntil(
            [&] { return !window.controller()->isBusy() && window.controller()->queuedJobs().isEmpty(); }, 600000));
        // The four runs end as one plan: the window says where its summary is.
        QVERIFY(fbtest::waitUntil([&] { return planEnded.count() == 1; }, 10000));
        QCOMPARE(planEnded.first().at(0).toString(), QStringLiteral("sweep:w"));
        QCOMPARE(planEnded.first().at(1).toStringList().size(), 4);
        QVERIFY2(window.messageBarText().contains(QStringLiteral("Sweep w has ended")),
                 qPrintable(window.messageBarText()));

        // The run table: 2 groups (one per learning rate) of 2 seeds, measured off the GUI thread.
        RunTableModel* model = window.runTableModel();
        QVERIFY(fbtest::waitUntil(
            [&] {
                window.reloadRuns();
                return std::count_if(model->rows().begin(), model->rows().end(),
                                     [](const RunRow& row) { return row.isGroup; }) == 2;
            },
            120000));
        QCOMPARE(model->rowCount(), 6);
        for (const RunRow& row : model->rows()) {
            if (!row.isGroup)
                continue;
            QCOMPARE(row.figures->runDirs.size(), 2);
            // The sweep's runs have no arm: the method, then the grid point.
            QVERIFY2(row.name.startsWith(QStringLiteral("baseline lr=")), qPrintable(row.name));
            QVERIFY(row.figures->accuracy->text.contains(QStringLiteral(" ± ")));
        }
    }
};

QTEST_MAIN(TestNewSweep)
#include "tst_new_sweep.moc"
