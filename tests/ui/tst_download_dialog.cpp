// The Download CIFAR-10 dialog against a local HTTP server on 127.0.0.1 (offscreen platform): a
// download that fills the data folder, Cancel part-way, a checksum error shown in the dialog, and
// the buttons on the welcome panel and next to the New Run form's data-folder field.

#include "download_fixture.h"
#include "local_http_server.h"
#include "test_support.h"

#include "ui/app/download_dialog.h"
#include "ui/new_run/run_checks.h"
#include "ui/new_run/run_form.h"
#include "ui/app/welcome_panel.h"

#include <flipbench/data/cifar_reader.h>
#include <flipbench/download/download_checksum.h>
#include <flipbench/download/download_cifar10.h>

#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QtTest/QtTest>

#include <memory>

using flipbench::ui::DownloadDialog;
namespace fs = std::filesystem;

namespace {

constexpr const char* kArchivePath = "/cifar-10-binary.tar.gz";
constexpr int kDeadlineMs = 60000; // a guard against a hang; every wait ends on a condition

template <typename T> T* field(QObject& parent, const char* name)
{
    T* widget = parent.findChild<T*>(name);
    if (!widget)
        qFatal("no widget %s", name);
    return widget;
}

} // namespace

class TestDownloadDialog : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<fbtest::ScratchDir> scratch_;
    std::unique_ptr<fbtest::LocalHttpServer> server_;
    std::string sha256_;
    int caseNumber_ = 0;

    fs::path freshDir() { return *scratch_ / ("data" + std::to_string(++caseNumber_)); }

    void fill(DownloadDialog& dialog, const fs::path& dir, const std::string& sha256)
    {
        field<QLineEdit>(dialog, "downloadFolderEdit")->setText(fbtest::toQString(dir));
        field<QLineEdit>(dialog, "downloadUrlEdit")->setText(QString::fromStdString(server_->url(kArchivePath)));
        field<QLineEdit>(dialog, "downloadSha256Edit")->setText(QString::fromStdString(sha256));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        scratch_ = std::make_unique<fbtest::ScratchDir>();
        server_ = std::make_unique<fbtest::LocalHttpServer>();
        QVERIFY(server_->isListening());
        const std::string archive = fbtest::tarGz(fbtest::cifarArchiveMembers(*scratch_ / "source", 3, 4));
        sha256_ = flipbench::sha256Hex(archive);
        server_->serve(kArchivePath, archive);
    }

    void prefilledWithTheOfficialArchive()
    {
        DownloadDialog dialog{QString()};
        QCOMPARE(field<QLineEdit>(dialog, "downloadUrlEdit")->text(), QString(flipbench::kCifar10Url));
        QCOMPARE(field<QLineEdit>(dialog, "downloadSha256Edit")->text(), QString(flipbench::kCifar10Sha256));
        QCOMPARE(field<QLineEdit>(dialog, "downloadFolderEdit")->text(), DownloadDialog::defaultFolder());
        QVERIFY(!field<QPushButton>(dialog, "cancelDownloadButton")->isEnabled());
    }

    void downloadFillsTheFolderAndCloses()
    {
        const fs::path dir = freshDir();
        DownloadDialog dialog{QString()};
        fill(dialog, dir, sha256_);
        dialog.show();
        QSignalSpy downloaded(&dialog, &DownloadDialog::downloaded);
        QTest::mouseClick(field<QPushButton>(dialog, "startDownloadButton"), Qt::LeftButton);
        QVERIFY(dialog.isRunning());
        QVERIFY(field<QPushButton>(dialog, "cancelDownloadButton")->isEnabled());
        QVERIFY(fbtest::waitUntil([&] { return !dialog.isRunning(); }, kDeadlineMs));
        QCOMPARE(downloaded.count(), 1);
        QCOMPARE(downloaded.at(0).at(0).toString(), fbtest::toQString(dir / "cifar-10-batches-bin"));
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        QVERIFY(!dialog.isVisible());
        QCOMPARE(field<QProgressBar>(dialog, "downloadProgressBar")->value(), 1000);
        // The last report is the unpack phase: bytes of the archive read, with the rate.
        const QString rate = field<QLabel>(dialog, "downloadRateLabel")->text();
        QVERIFY2(rate.startsWith("Unpacking: ") && rate.contains(" of "), qPrintable(rate));
        QVERIFY2(dialog.statusText().contains("CIFAR-10 is ready"), qPrintable(dialog.statusText()));
        QCOMPARE(flipbench::inspectCifar10Folder(dir).testImages, int64_t(4));
    }

    void cancelStopsPartWay()
    {
        const fs::path dir = freshDir();
        server_->holdNextResponseAfter(1200);
        DownloadDialog dialog{QString()};
        fill(dialog, dir, sha256_);
        dialog.show();
        QTest::mouseClick(field<QPushButton>(dialog, "startDownloadButton"), Qt::LeftButton);
        QVERIFY(fbtest::waitUntil([&] { return fbtest::fileSizeOrMinusOne(flipbench::cifar10PartFile(dir)) == 1200; },
                                  kDeadlineMs));
        QVERIFY(fbtest::waitUntil(
            [&] { return field<QLabel>(dialog, "downloadRateLabel")->text().startsWith("Downloading: "); },
            kDeadlineMs));
        QTest::mouseClick(field<QPushButton>(dialog, "cancelDownloadButton"), Qt::LeftButton);
        QVERIFY(fbtest::waitUntil([&] { return !dialog.isRunning(); }, kDeadlineMs));
        QVERIFY2(dialog.statusText().contains("cancelled at byte 1200"), qPrintable(dialog.statusText()));
        QVERIFY(dialog.isVisible()); // Cancel stops the download, not the dialog
        QVERIFY(field<QPushButton>(dialog, "startDownloadButton")->isEnabled());
        QVERIFY(!fs::exists(dir / "cifar-10-batches-bin"));
    }

    void closingWhileRunningCancelsFirst()
    {
        const fs::path dir = freshDir();
        server_->holdNextResponseAfter(800);
        DownloadDialog dialog{QString()};
        fill(dialog, dir, sha256_);
        dialog.show();
        QTest::mouseClick(field<QPushButton>(dialog, "startDownloadButton"), Qt::LeftButton);
        QVERIFY(fbtest::waitUntil([&] { return fbtest::fileSizeOrMinusOne(flipbench::cifar10PartFile(dir)) == 800; },
                                  kDeadlineMs));
        dialog.reject(); // Esc or Close
        QVERIFY(fbtest::waitUntil([&] { return !dialog.isRunning(); }, kDeadlineMs));
        QCOMPARE(dialog.result(), int(QDialog::Rejected));
        QVERIFY(!dialog.isVisible());
    }

    void checksumErrorIsShown()
    {
        const fs::path dir = freshDir();
        DownloadDialog dialog{QString()};
        fill(dialog, dir, std::string(64, 'b'));
        dialog.show();
        QSignalSpy downloaded(&dialog, &DownloadDialog::downloaded);
        QTest::mouseClick(field<QPushButton>(dialog, "startDownloadButton"), Qt::LeftButton);
        QVERIFY(fbtest::waitUntil([&] { return !dialog.isRunning(); }, kDeadlineMs));
        QCOMPARE(downloaded.count(), 0);
        QVERIFY(dialog.isVisible());
        QVERIFY2(dialog.statusText().contains("Checksum mismatch"), qPrintable(dialog.statusText()));
        QVERIFY(!fs::exists(dir / "cifar-10-batches-bin"));
    }

    void welcomePanelDownloadAcceptsTheFolder()
    {
        const fs::path dir = freshDir();
        flipbench::ui::WelcomePanel welcome;
        welcome.show();
        QSignalSpy accepted(&welcome, &flipbench::ui::WelcomePanel::dataFolderAccepted);
        QTest::mouseClick(field<QPushButton>(welcome, "downloadCifarButton"), Qt::LeftButton);
        auto* dialog = welcome.findChild<DownloadDialog*>();
        QVERIFY(dialog);
        QVERIFY(dialog->isVisible());
        fill(*dialog, dir, sha256_);
        QTest::mouseClick(field<QPushButton>(*dialog, "startDownloadButton"), Qt::LeftButton);
        QVERIFY(fbtest::waitUntil([&] { return accepted.count() == 1; }, kDeadlineMs));
        QCOMPARE(accepted.at(0).at(0).toString(), fbtest::toQString(dir / "cifar-10-batches-bin"));
        QVERIFY(accepted.at(0).at(1).toString().contains("15 training and 4 test images"));
    }

    void runFormDownloadFillsDataPath()
    {
        const fs::path dir = freshDir();
        flipbench::ui::RunForm form(flipbench::ui::deviceChoices({"cpu"}));
        form.show();
        QSignalSpy edited(&form, &flipbench::ui::RunForm::edited);
        QTest::mouseClick(field<QPushButton>(form, "downloadDataButton"), Qt::LeftButton);
        auto* dialog = form.findChild<DownloadDialog*>();
        QVERIFY(dialog);
        fill(*dialog, dir, sha256_);
        QTest::mouseClick(field<QPushButton>(*dialog, "startDownloadButton"), Qt::LeftButton);
        auto* path = field<QLineEdit>(form, "dataPathEdit");
        QVERIFY(fbtest::waitUntil([&] { return !path->text().isEmpty(); }, kDeadlineMs));
        QCOMPARE(path->text(), fbtest::toQString(dir / "cifar-10-batches-bin"));
        QVERIFY(edited.count() >= 1); // the form re-validates the new folder
    }

    void cleanupTestCase()
    {
        server_.reset();
        scratch_.reset();
    }
};

QTEST_MAIN(TestDownloadDialog)
#include "tst_download_dialog.moc"
