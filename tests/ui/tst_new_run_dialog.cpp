// The New Run dialog: validation as typed, method-specific fields, references, presets and the
// seed notebook's hyperparameters. Runs on the offscreen platform; nothing is trained.

#include "test_support.h"

#include "ui/app/app_settings.h"
#include "ui/new_run/new_run_dialog.h"
#include "ui/new_run/plan_drafts.h"

#include <flipbench/data/cifar_reader.h>
#include <flipbench/util/errors.h>
#include <flipbench/config/notebook_hyperparameters.h>
#include <flipbench/config/presets.h>
#include <flipbench/runs/run_session.h>
#include <flipbench/runs/run_store.h>

#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QSpinBox>
#include <QtTest/QtTest>

#include <nlohmann/json.hpp>

using fbtest::toQString;
using flipbench::ui::NewRunDialog;

namespace {

template <typename T> T* field(QWidget& dialog, const char* name)
{
    T* widget = dialog.findChild<T*>(name);
    if (!widget)
        qFatal("no widget %s", name);
    return widget;
}

void typeInto(QLineEdit* edit, const QString& text)
{
    edit->selectAll();
    QTest::keyClick(edit, Qt::Key_Backspace);
    QTest::keyClicks(edit, text);
}

void chooseData(QComboBox* combo, const QString& value)
{
    const int index = combo->findData(value);
    QVERIFY2(index >= 0, qPrintable(value));
    combo->setCurrentIndex(index);
}

/// A run folder that looks completed to the workspace listing (no weights: nothing trains here).
QString fakeCompletedRun(const QString& workspace, const std::string& name, const std::string& arch,
                         int64_t testSize = 100)
{
    const auto run = flipbench::RunFolder::create(workspace.toStdString(), name);
    run.writeJson("config.json", {{"name", name}, {"model", {{"arch", arch}}}});
    run.writeJson("dataset.json", {{"test_size", testSize}});
    flipbench::RunStatus status;
    status.state = flipbench::RunState::Completed;
    run.writeStatus(status);
    return toQString(run.dir());
}

} // namespace

class TestNewRunDialog : public QObject {
    Q_OBJECT

private:
    fbtest::ScratchDir scratch_;
    QString workspace_; ///< empty: no references to offer
    QString data_;

    bool startEnabled(QWidget& dialog)
    {
        return field<QPushButton>(dialog, "startButton")->isEnabled() &&
               field<QPushButton>(dialog, "queueButton")->isEnabled();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true); // demo data and settings stay out of the user's home
        fbtest::fs::create_directories(scratch_ / "workspace");
        workspace_ = toQString(scratch_ / "workspace");
        data_ = toQString(fbtest::writeDemoData(scratch_.path(), 200, 100, 7));
    }

    void blankRunIsValid()
    {
        NewRunDialog dialog(workspace_, data_);
        QVERIFY2(dialog.isValid(), qPrintable(dialog.firstError()));
        QVERIFY(startEnabled(dialog));
        QCOMPARE(field<QLabel>(dialog, "errorLabel")->text(), QString());
        QVERIFY2(field<QLabel>(dialog, "dataInfoLabel")->text().contains("200 train / 100 test images, 10 classes"),
                 qPrintable(field<QLabel>(dialog, "dataInfoLabel")->text()));
        QCOMPARE(field<QListWidget>(dialog, "planList")->count(), 1);
        const auto plan = dialog.plan();
        QCOMPARE(int(plan.size()), 1);
        QCOMPARE(QString::fromStdString(plan[0].name), QString("run"));
        QCOMPARE(QString::fromStdString(plan[0].model.arch), QString("small_cnn"));
        QCOMPARE(plan[0].train.epochs, 10);
        QCOMPARE(plan[0].train.batchSize, 128);
        QCOMPARE(plan[0].train.lr, 0.05);
        QCOMPARE(QString::fromStdString(plan[0].method.name), QString("baseline"));
        QCOMPARE(QString::fromStdString(plan[0].data.path), data_);
        QVERIFY(!dialog.queueOnly());
    }

    void planDraftsCarryEditsToTheRunsThatMustAgree()
    {
        using flipbench::ui::PlanDrafts;
        using flipbench::ui::RunDraft;
        RunDraft old, fd, other;
        old["name"] = "old";
        old["data.path"] = "/data/a";
        fd["name"] = "fd";
        fd["data.path"] = "/data/a";
        fd["method.reference"] = QStringList{"old"};
        other["name"] = "other";
        other["data.path"] = "/data/b"; // a folder of its own: not carried along
        PlanDrafts plan;
        plan.reset({old, fd, other});
        QCOMPARE(plan.current(), 0);
        const int fdId = plan.at(1).id;

        // Renaming the old model and moving its data: fd follows both, other only the rename it
        // does not refer to (none).
        RunDraft edited = old;
        edited["name"] = "old-model";
        edited["data.path"] = "/data/c";
        plan.editCurrent(edited);
        QCOMPARE(plan.at(1).draft.value("data.path").toString(), QStringLiteral("/data/c"));
        QCOMPARE(plan.at(1).draft.value("method.reference").toStringList(), QStringList{"old-model"});
        QCOMPARE(plan.at(2).draft.value("data.path").toString(), QStringLiteral("/data/b"));

        // A copy is named apart and edited next; removing it gives the row back.
        plan.addCopyOfCurrent();
        QCOMPARE(plan.size(), 4);
        QCOMPARE(plan.current(), 1);
        QCOMPARE(plan.currentRun().draft.value("name").toString(), QStringLiteral("old-model-2"));
        QCOMPARE(plan.rowOf(fdId), 2);
        QVERIFY(plan.removeCurrent());
        QCOMPARE(plan.rowOf(fdId), 1);
        QVERIFY(!plan.setCurrent(7));
        QVERIFY(!plan.setCurrent(1)); // fd, after the copy, is edited already
        QVERIFY(plan.removeCurrent());
        QCOMPARE(plan.rowOf(fdId), -1); // removed: a background import for it finds no row
        QVERIFY(plan.removeCurrent());
        QVERIFY(!plan.removeCurrent()); // the last run stays
    }

    void learningRateIsValidatedAsTyped()
    {
        NewRunDialog dialog(workspace_, data_);
        dialog.show();
        auto* lr = field<QLineEdit>(dialog, "lrEdit");
        auto* error = field<QLabel>(dialog, "errorLabel");
        typeInto(lr, "-0.1");
        QVERIFY(!startEnabled(dialog));
        QVERIFY(!dialog.isValid());
        QVERIFY2(error->text().contains("lr") && error->text().contains("must be > 0"), qPrintable(error->text()));
        QVERIFY2(dialog.firstError().startsWith("train.lr:"), qPrintable(dialog.firstError()));
        QVERIFY(lr->property("invalid").toBool());

        typeInto(lr, "abc");
        QVERIFY(!startEnabled(dialog));
        QVERIFY2(error->text().contains("train.lr: \"abc\" is not a number"), qPrintable(error->text()));

        typeInto(lr, "0.02");
        QVERIFY2(dialog.isValid(), qPrintable(dialog.firstError()));
        QVERIFY(startEnabled(dialog));
        QCOMPARE(error->text(), QString());
        QVERIFY(!lr->property("invalid").toBool());
        QCOMPARE(dialog.plan().at(0).train.lr, 0.02);
    }

    void labelsArePlainWordsWithTheKeyInTheTooltip()
    {
        NewRunDialog dialog(workspace_, data_);
        // No row is labelled with a raw config key ("kd_alpha", "lr_step")...
        const QRegularExpression rawKey(QStringLiteral("^[a-z]+(_[a-z]+)+$"));
        for (const QLabel* label : dialog.findChildren<QLabel*>())
            QVERIFY2(!rawKey.match(label->text()).hasMatch(), qPrintable(label->text()));
        // ...but the key is in the label's tooltip, next to what the field does.
        const QList<std::pair<QString, QString>> rows = {{QStringLiteral("Mix weight (α)"), "method.kd_alpha"},
                                                         {"Distillation weight", "method.kd_loss_weight"},
                                                         {"LR step (epochs)", "train.lr_step"},
                                                         {"Learning rate", "train.lr"}};
        for (const auto& [text, key] : rows) {
            const QLabel* label = nullptr;
            for (const QLabel* candidate : dialog.findChildren<QLabel*>())
                if (candidate->text() == text)
                    label = candidate;
            QVERIFY2(label, qPrintable(text));
            QVERIFY2(label->toolTip().contains(QStringLiteral("Config key: ") + key), qPrintable(label->toolTip()));
            QVERIFY2(label->toolTip().size() > key.size() + 20, qPrintable(label->toolTip())); // the help too
        }
    }

    void badDataFolderShowsTheReadersMessage()
    {
        NewRunDialog dialog(workspace_, data_);
        const auto nowhere = scratch_ / "nowhere";
        const auto expected =
            fbtest::thrownMessage<flipbench::DataError>([&] { flipbench::inspectCifar10Folder(nowhere); });
        QVERIFY(expected);
        field<QLineEdit>(dialog, "dataPathEdit")->setText(toQString(nowhere));
        QVERIFY(!startEnabled(dialog));
        const QString message = field<QLabel>(dialog, "errorLabel")->text();
        QVERIFY2(message.startsWith("data.path: ") && message.contains(QString::fromStdString(*expected)),
                 qPrintable(message));
        QCOMPARE(field<QLabel>(dialog, "dataInfoLabel")->text(), QString::fromStdString(*expected));

        field<QLineEdit>(dialog, "dataPathEdit")->setText(data_);
        QVERIFY2(dialog.isValid(), qPrintable(dialog.firstError()));
    }

    void methodsNeedAReferenceAndShowTheirFields()
    {
        NewRunDialog dialog(workspace_, data_);
        dialog.show();
        auto* method = field<QComboBox>(dialog, "methodCombo");
        auto* fd = field<QWidget>(dialog, "fdGroup");
        auto* ldi = field<QWidget>(dialog, "ldiGroup");
        QVERIFY(!fd->isVisible() && !ldi->isVisible());

        chooseData(method, "fd");
        QVERIFY(!startEnabled(dialog));
        QVERIFY2(dialog.firstError().startsWith("method.reference:"), qPrintable(dialog.firstError()));
        QVERIFY(fd->isVisible() && !ldi->isVisible());
        QVERIFY(field<QLineEdit>(dialog, "kdLossWeightEdit")->isVisible());

        chooseData(method, "ldi");
        QVERIFY(!startEnabled(dialog));
        QVERIFY(!fd->isVisible() && ldi->isVisible());

        chooseData(method, "baseline");
        QVERIFY(dialog.isValid());
        QVERIFY(!fd->isVisible() && !ldi->isVisible());
        QVERIFY(!field<QLineEdit>(dialog, "kdLossWeightEdit")->isVisible());
    }

    void referencesComeFromTheWorkspace()
    {
        fbtest::ScratchDir scratch;
        const QString workspace = toQString(scratch.path());
        const QString old1 = fakeCompletedRun(workspace, "old-1", "small_cnn");
        const QString old2 = fakeCompletedRun(workspace, "old-2", "small_cnn");
        flipbench::EpochRecord epoch;
        epoch.epoch = 1;
        epoch.testAccuracy = 0.76153;
        flipbench::RunFolder::open(old1.toStdString()).appendMetrics(epoch);
        NewRunDialog dialog(workspace, data_);
        auto* list = field<QListWidget>(dialog, "referenceList");
        QCOMPARE(list->count(), 2);
        // Accuracy as everywhere else in the workbench: two decimals (not "76.2%").
        QVERIFY2(list->item(0)->text().contains("76.15% test accuracy"), qPrintable(list->item(0)->text()));
        chooseData(field<QComboBox>(dialog, "methodCombo"), "ldi");
        QVERIFY(!dialog.isValid());
        list->item(0)->setCheckState(Qt::Checked);
        QVERIFY2(dialog.isValid(), qPrintable(dialog.firstError()));
        QCOMPARE(dialog.plan().at(0).method.reference, std::vector<std::string>{old1.toStdString()});
        list->item(1)->setCheckState(Qt::Checked); // an ensemble
        QCOMPARE(dialog.plan().at(0).method.reference.size(), size_t(2));
        QCOMPARE(QString::fromStdString(dialog.plan().at(0).method.reference[1]), old2);

        field<QCheckBox>(dialog, "initFromReferenceCheck")->setChecked(true); // needs exactly one
        QVERIFY2(dialog.firstError().startsWith("method.init_from_reference:"), qPrintable(dialog.firstError()));
        list->item(1)->setCheckState(Qt::Unchecked);
        QVERIFY2(dialog.isValid(), qPrintable(dialog.firstError()));
        chooseData(field<QComboBox>(dialog, "archCombo"), "resnet18"); // not the reference's model
        QVERIFY2(dialog.firstError().startsWith("method.init_from_reference:"), qPrintable(dialog.firstError()));
    }

    void referenceMustHaveBeenTestedOnTheSameImages()
    {
        fbtest::ScratchDir scratch;
        const QString workspace = toQString(scratch.path());
        fakeCompletedRun(workspace, "old-on-50", "small_cnn", 50);
        NewRunDialog dialog(workspace, data_);
        chooseData(field<QComboBox>(dialog, "methodCombo"), "fd");
        field<QListWidget>(dialog, "referenceList")->item(0)->setCheckState(Qt::Checked);
        QVERIFY2(dialog.firstError().startsWith("method.reference: run old-on-50 was evaluated on 50 test images"),
                 qPrintable(dialog.firstError()));
        field<QSpinBox>(dialog, "testLimitSpin")->setValue(50);
        QVERIFY2(dialog.isValid(), qPrintable(dialog.firstError()));
    }

    void demoDataIsWrittenInTheBackground()
    {
        fbtest::ScratchDir scratch;
        NewRunDialog dialog(toQString(scratch.path()), QString());
        QVERIFY(!dialog.isValid()); // no data folder yet
        field<QPushButton>(dialog, "demoDataButton")->click();
        QVERIFY(dialog.isBusy());
        QVERIFY(!startEnabled(dialog));
        QVERIFY(fbtest::waitUntil([&] { return !dialog.isBusy(); }, 120000));
        QVERIFY2(dialog.isValid(), qPrintable(dialog.firstError()));
        // The one demo data folder the whole app shares (test mode: under ~/.qttest).
        QCOMPARE(QString::fromStdString(dialog.plan().at(0).data.path),
                 QDir(flipbench::ui::AppSettings::defaultDemoDataDir()).filePath("cifar-10-batches-bin"));
    }

    void presetFillsThePlan()
    {
        NewRunDialog dialog(workspace_, data_);
        dialog.loadPreset("cpu-quick");
        const flipbench::Preset preset = flipbench::loadPreset("cpu-quick");
        auto* list = field<QListWidget>(dialog, "planList");
        QCOMPARE(list->count(), int(preset.runs.size()));
        QCOMPARE(field<QComboBox>(dialog, "presetCombo")->currentText(), QString("cpu-quick"));
        auto plan = dialog.plan();
        QCOMPARE(int(plan.size()), int(preset.runs.size()));
        for (int i = 0; i < plan.size(); ++i) {
            QCOMPARE(QString::fromStdString(plan[i].name), QString::fromStdString(preset.runs[i].name));
            QCOMPARE(QString::fromStdString(plan[i].data.path), data_);
            QCOMPARE(plan[i].method.reference, preset.runs[i].method.reference); // plan names, resolved later
            QCOMPARE(plan[i].train.etaMin, preset.runs[i].train.etaMin);
        }
        // 200 demo images cannot spare the preset's 2,000 for validation: the form says so.
        QVERIFY(!startEnabled(dialog));
        QVERIFY2(dialog.firstError().contains("data.val_size"), qPrintable(dialog.firstError()));

        // Edits are kept per run, and a renamed run stays the reference of the later ones.
        auto* epochs = field<QSpinBox>(dialog, "epochsSpin");
        epochs->setValue(3);
        typeInto(field<QLineEdit>(dialog, "nameEdit"), "old");
        list->setCurrentRow(2);
        QCOMPARE(epochs->value(), 8);
        QCOMPARE(field<QComboBox>(dialog, "methodCombo")->currentData().toString(), QString("fd"));
        QVERIFY(field<QListWidget>(dialog, "referenceList")->item(0)->text().contains("(this plan)"));
        list->setCurrentRow(0);
        QCOMPARE(epochs->value(), 3);
        plan = dialog.plan();
        QCOMPARE(plan[0].train.epochs, 3);
        QCOMPARE(plan[2].method.reference, std::vector<std::string>{"old"});

        field<QPushButton>(dialog, "addRunButton")->click();
        QCOMPARE(list->count(), int(preset.runs.size()) + 1);
        QCOMPARE(field<QLineEdit>(dialog, "nameEdit")->text(), QString("old-2"));
        field<QPushButton>(dialog, "removeRunButton")->click();
        QCOMPARE(list->count(), int(preset.runs.size()));
    }

    void duplicatedConfigRoundTrips()
    {
        flipbench::RunConfig config = flipbench::loadPreset("seed-notebook").runs[2]; // fd, kd_alpha, T = 100
        config.data.path = data_.toStdString();
        NewRunDialog dialog(workspace_, data_);
        dialog.loadConfig(config);
        QCOMPARE(field<QListWidget>(dialog, "planList")->count(), 1);
        QCOMPARE(field<QLineEdit>(dialog, "fdTemperatureEdit")->text(), QString("100"));
        const auto plan = dialog.plan();
        QCOMPARE(int(plan.size()), 1);
        QCOMPARE(QString::fromStdString(flipbench::toJson(plan[0]).dump()),
                 QString::fromStdString(flipbench::toJson(config).dump()));
        // Its reference names a run of the preset's plan, which is not here.
        QVERIFY2(dialog.firstError().startsWith("method.reference:"), qPrintable(dialog.firstError()));
    }

    void precisionAndSelectionChecks()
    {
        NewRunDialog dialog(workspace_, data_);
        chooseData(field<QComboBox>(dialog, "deviceCombo"), "cpu");
        chooseData(field<QComboBox>(dialog, "precisionCombo"), "bf16");
        QVERIFY2(dialog.firstError().startsWith("train.precision:"), qPrintable(dialog.firstError()));
        chooseData(field<QComboBox>(dialog, "precisionCombo"), "fp32");
        QVERIFY(dialog.isValid());

        chooseData(field<QComboBox>(dialog, "selectionCombo"), "best_val");
        QVERIFY2(dialog.firstError().startsWith("train.selection:"), qPrintable(dialog.firstError()));
        field<QSpinBox>(dialog, "valSizeSpin")->setValue(50);
        QVERIFY2(dialog.isValid(), qPrintable(dialog.firstError()));
        field<QSpinBox>(dialog, "valSizeSpin")->setValue(200); // all of the training images
        QVERIFY2(dialog.firstError().startsWith("data.val_size:"), qPrintable(dialog.firstError()));
    }

    void notebookHyperparametersFillTheForm()
    {
        const auto file = scratch_ / "hyperparameters.json";
        fbtest::writeText(file, R"({"epochs": 3, "arch": "resnet18", "batch-size": 64, "lr": 0.05, "lr_step": 20,
                                    "seed": 7})");
        NewRunDialog dialog(workspace_, data_);
        QVERIFY(dialog.loadNotebookHyperparameters(toQString(file)));
        QCOMPARE(field<QSpinBox>(dialog, "epochsSpin")->value(), 3);
        QCOMPARE(field<QSpinBox>(dialog, "batchSizeSpin")->value(), 64);
        QCOMPARE(field<QLineEdit>(dialog, "seedEdit")->text(), QString("7"));
        QCOMPARE(field<QLineEdit>(dialog, "lrEdit")->text(), QString("0.05"));
        QCOMPARE(field<QComboBox>(dialog, "archCombo")->currentData().toString(), QString("resnet18"));
        QCOMPARE(field<QLineEdit>(dialog, "dataPathEdit")->text(), data_); // the notebook names no data
        QVERIFY(field<QLabel>(dialog, "notesLabel")->text().contains("best_test"));
        QVERIFY2(dialog.isValid(), qPrintable(dialog.firstError()));
        const auto run = dialog.plan().at(0);
        QCOMPARE(run.train.seed, uint64_t(7));
        QCOMPARE(run.train.lrStep, 20.0);
        QCOMPARE(QString::fromStdString(run.train.selection), QString("best_test"));

        // Errors: a message box (opened without blocking), and the form is left as it was.
        fbtest::writeText(file, R"({"learning_rate": 0.1})");
        QVERIFY(!dialog.loadNotebookHyperparameters(toQString(file)));
        auto* box = dialog.findChild<QMessageBox*>("problemBox");
        QVERIFY(box);
        QVERIFY2(box->text().contains("hyperparameters.learning_rate"), qPrintable(box->text()));
        box->close();
        QVERIFY(!dialog.loadNotebookHyperparameters(toQString(scratch_ / "missing.json")));
        QCOMPARE(field<QSpinBox>(dialog, "epochsSpin")->value(), 3);
    }

    void notebookDictionariesTrainThroughTheForm()
    {
        // The seed notebook's four dictionaries (tests/data/notebook) as pasted, "epochs" shortened to
        // 1 in a copy. Each fills the form, which must be valid as it stands; the plan it makes is
        // trained (as Start does, without the window) so that the FD and LDI jobs find the old model
        // by the reference's S3 name best_model_resnet18_seed_114514.pth.tar (train.py:1067).
        const QString workspace = toQString(scratch_ / "notebook-workspace");
        fbtest::fs::create_directories(fbtest::toPath(workspace));
        for (const char* job : {"baseline-old", "baseline-new", "fd", "ldi"}) {
            nlohmann::json dictionary =
                fbtest::readJsonFile(fbtest::fs::path(FLIPBENCH_TEST_DATA) / "notebook" / (std::string(job) + ".json"));
            dictionary["epochs"] = 1;
            const auto file = scratch_ / ("notebook-" + std::string(job) + ".json");
            fbtest::writeText(file, dictionary.dump());
            NewRunDialog dialog(workspace, data_);
            QVERIFY2(dialog.loadNotebookHyperparameters(toQString(file)), job);
            QVERIFY2(dialog.isValid(), qPrintable(QString(job) + ": " + dialog.firstError()));
            QVERIFY(startEnabled(dialog));
            const flipbench::RunConfig config = dialog.plan().at(0);
            // The form holds exactly what the core maps (the CLI's path), plus the form's data folder.
            flipbench::RunConfig expected = flipbench::mapNotebookHyperparameters(dictionary).config;
            expected.data = config.data;
            expected.train.device = config.train.device;
            expected.train.threads = config.train.threads;
            expected.method.reference = config.method.reference;
            QCOMPARE(QString::fromStdString(flipbench::toJson(config).dump()),
                     QString::fromStdString(flipbench::toJson(expected).dump()));
            if (std::string(job) == "fd" || std::string(job) == "ldi") {
                QCOMPARE(config.method.reference.size(), size_t(1));
                QVERIFY(field<QLabel>(dialog, "notesLabel")->text().contains("is the reference's name"));
            }
            flipbench::PreparedRun prepared = flipbench::prepareNewRun(config, workspace.toStdString());
            flipbench::NullProgressSink sink;
            flipbench::CancelToken cancel;
            const auto outcome = flipbench::trainRun(prepared.folder, prepared.config, prepared.data, sink, cancel);
            QVERIFY2(outcome.state == flipbench::RunState::Completed, outcome.message.c_str());
        }
    }
};

QTEST_MAIN(TestNewRunDialog)
#include "tst_new_run_dialog.moc"
