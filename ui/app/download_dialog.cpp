#include "ui/app/download_dialog.h"

#include <flipbench/util/cancel_token.h>
#include <flipbench/download/download_cifar10.h>

#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QStandardPaths>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace flipbench::ui {

namespace {

constexpr int kBarSteps = 1000;

/// Forwards the core's reports as the dialog's signals; emitted on the worker thread, they are
/// queued to the dialog's thread.
class SignalSink final : public DownloadProgressSink {
public:
    explicit SignalSink(DownloadDialog* dialog) : dialog_(dialog) {}
    void progress(const DownloadProgress& p) override
    {
        Q_EMIT dialog_->progressReported(static_cast<int>(p.phase), p.bytesDone, p.bytesTotal, p.bytesPerSecond,
                                         p.etaSeconds);
    }
    void message(const std::string& text) override { Q_EMIT dialog_->messageReported(QString::fromStdString(text)); }

private:
    DownloadDialog* dialog_;
};

QString bytesText(qint64 bytes)
{
    return QString::fromStdString(formatByteCount(bytes));
}

QString timeLeftText(double seconds)
{
    if (seconds < 0)
        return {};
    const qint64 total = static_cast<qint64>(seconds + 0.5);
    return total >= 3600 ? QObject::tr("%1 h %2 min left").arg(total / 3600).arg((total / 60) % 60)
                         : QObject::tr("%1:%2 left").arg(total / 60).arg(total % 60, 2, 10, QLatin1Char('0'));
}

QString phaseText(int phase)
{
    switch (static_cast<DownloadProgress::Phase>(phase)) {
    case DownloadProgress::Phase::Download:
        return QObject::tr("Downloading");
    case DownloadProgress::Phase::Verify:
        return QObject::tr("Checking the checksum");
    case DownloadProgress::Phase::Extract:
        return QObject::tr("Unpacking");
    }
    return {};
}

} // namespace

QString DownloadDialog::defaultFolder()
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation))
        .filePath(QStringLiteral("cifar-10"));
}

DownloadDialog::DownloadDialog(const QString& folder, QWidget* parent)
    : QDialog(parent), cancel_(std::make_unique<CancelToken>())
{
    setWindowTitle(tr("Download CIFAR-10"));
    auto* intro = new QLabel(tr("Downloads the official CIFAR-10 binary version (%1) from the University of "
                                "Toronto, checks its SHA-256 checksum and unpacks it into "
                                "<i>folder</i>/cifar-10-batches-bin. An interrupted download resumes where it "
                                "stopped.")
                                 .arg(bytesText(kCifar10ArchiveBytes)),
                             this);
    intro->setWordWrap(true);

    folder_ = new QLineEdit(folder.isEmpty() ? defaultFolder() : folder, this);
    folder_->setObjectName(QStringLiteral("downloadFolderEdit"));
    browse_ = new QPushButton(tr("Browse…"), this);
    browse_->setObjectName(QStringLiteral("downloadBrowseButton"));
    auto* folderRow = new QHBoxLayout;
    folderRow->addWidget(folder_, 1);
    folderRow->addWidget(browse_);
    url_ = new QLineEdit(QString::fromLatin1(kCifar10Url), this);
    url_->setObjectName(QStringLiteral("downloadUrlEdit"));
    url_->setToolTip(tr("The official address, a mirror, a file:// URL or the path of a copy you already have."));
    sha256_ = new QLineEdit(QString::fromLatin1(kCifar10Sha256), this);
    sha256_->setObjectName(QStringLiteral("downloadSha256Edit"));
    sha256_->setToolTip(tr("SHA-256 of the archive. Keep the official one unless a mirror serves a different build."));
    auto* form = new QFormLayout;
    form->addRow(tr("Folder"), folderRow);
    form->addRow(tr("Address"), url_);
    form->addRow(tr("SHA-256"), sha256_);

    bar_ = new QProgressBar(this);
    bar_->setObjectName(QStringLiteral("downloadProgressBar"));
    bar_->setRange(0, kBarSteps);
    bar_->setValue(0);
    rate_ = new QLabel(this);
    rate_->setObjectName(QStringLiteral("downloadRateLabel"));
    status_ = new QLabel(this);
    status_->setObjectName(QStringLiteral("downloadStatusLabel"));
    status_->setWordWrap(true);
    status_->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto* buttons = new QDialogButtonBox(this);
    startButton_ = buttons->addButton(tr("Download"), QDialogButtonBox::AcceptRole);
    startButton_->setObjectName(QStringLiteral("startDownloadButton"));
    startButton_->setDefault(true);
    cancelButton_ = buttons->addButton(tr("Cancel Download"), QDialogButtonBox::ActionRole);
    cancelButton_->setObjectName(QStringLiteral("cancelDownloadButton"));
    closeButton_ = buttons->addButton(QDialogButtonBox::Close);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(bar_);
    layout->addWidget(rate_);
    layout->addWidget(status_);
    layout->addStretch(1);
    layout->addWidget(buttons);
    resize(620, sizeHint().height());

    connect(browse_, &QPushButton::clicked, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Folder for CIFAR-10"), folder_->text());
        if (!dir.isEmpty())
            folder_->setText(dir);
    });
    connect(startButton_, &QPushButton::clicked, this, &DownloadDialog::start);
    connect(cancelButton_, &QPushButton::clicked, this, &DownloadDialog::cancel);
    connect(closeButton_, &QPushButton::clicked, this, &DownloadDialog::reject);
    connect(this, &DownloadDialog::progressReported, this, &DownloadDialog::showProgress);
    connect(this, &DownloadDialog::messageReported, this, [this](const QString& text) { setStatus(text, false); });
    connect(this, &DownloadDialog::workFinished, this, &DownloadDialog::finishWork);
    setRunning(false);
}

DownloadDialog::~DownloadDialog()
{
    cancel_->cancel();
    work_.waitForFinished();
}

bool DownloadDialog::isRunning() const
{
    return running_; // until finishWork ran, not just until the worker returned
}

QString DownloadDialog::statusText() const
{
    return status_->text();
}

void DownloadDialog::start()
{
    if (isRunning())
        return;
    if (folder_->text().trimmed().isEmpty()) {
        setStatus(tr("Choose a folder to download into."), true);
        return;
    }
    Cifar10DownloadRequest request;
    request.dir = QDir::cleanPath(folder_->text().trimmed()).toStdString();
    request.url = url_->text().trimmed().toStdString();
    request.sha256 = sha256_->text().trimmed().toStdString();
    *cancel_ = CancelToken(); // a fresh flag: an earlier cancel must not stop this download
    const CancelToken cancel = *cancel_;
    setStatus(tr("Connecting to %1…").arg(url_->text().trimmed()), false);
    bar_->setRange(0, kBarSteps);
    bar_->setValue(0);
    rate_->clear();
    closeWhenDone_ = false;
    setRunning(true);
    work_ = QtConcurrent::run([this, request, cancel] {
        SignalSink sink(this);
        try {
            const Cifar10DownloadOutcome outcome = downloadCifar10(request, sink, cancel);
            Q_EMIT workFinished(static_cast<int>(outcome.state), QString::fromStdString(outcome.cifarDir.string()),
                                QString::fromStdString(outcome.message), false);
        } catch (const std::exception& e) {
            Q_EMIT workFinished(-1, {}, QString::fromUtf8(e.what()), true);
        }
    });
}

void DownloadDialog::cancel()
{
    if (!isRunning())
        return;
    cancel_->cancel();
    cancelButton_->setEnabled(false);
    setStatus(tr("Cancelling…"), false);
}

void DownloadDialog::reject()
{
    if (isRunning()) {
        closeWhenDone_ = true;
        cancel();
        return;
    }
    QDialog::reject();
}

void DownloadDialog::showProgress(int phase, qint64 done, qint64 total, double bytesPerSecond, double etaSeconds)
{
    if (!running_)
        return;
    if (total > 0) {
        bar_->setRange(0, kBarSteps);
        bar_->setValue(static_cast<int>(static_cast<double>(done) / static_cast<double>(total) * kBarSteps));
    } else {
        bar_->setRange(0, 0); // no length from the server: a busy bar
    }
    QStringList parts;
    parts << phaseText(phase) + QStringLiteral(": ") +
                 (total > 0 ? tr("%1 of %2").arg(bytesText(done), bytesText(total)) : bytesText(done));
    if (bytesPerSecond > 0)
        parts << bytesText(static_cast<qint64>(bytesPerSecond)) + QStringLiteral("/s");
    if (!timeLeftText(etaSeconds).isEmpty() && done < total)
        parts << timeLeftText(etaSeconds);
    rate_->setText(parts.join(QStringLiteral(" · ")));
}

void DownloadDialog::finishWork(int state, const QString& cifarDir, const QString& message, bool failed)
{
    work_.waitForFinished(); // the worker emitted this as its last act
    setRunning(false);
    setStatus(message, failed);
    if (failed)
        return;
    if (state == static_cast<int>(Cifar10DownloadState::Cancelled)) {
        bar_->setRange(0, kBarSteps);
        if (closeWhenDone_)
            QDialog::reject();
        return;
    }
    bar_->setRange(0, kBarSteps);
    bar_->setValue(kBarSteps);
    Q_EMIT downloaded(cifarDir);
    accept();
}

void DownloadDialog::setRunning(bool running)
{
    running_ = running;
    folder_->setEnabled(!running);
    url_->setEnabled(!running);
    sha256_->setEnabled(!running);
    browse_->setEnabled(!running);
    startButton_->setEnabled(!running);
    cancelButton_->setEnabled(running);
}

void DownloadDialog::setStatus(const QString& text, bool error)
{
    status_->setStyleSheet(error ? QStringLiteral("color: #b00020;") : QString());
    status_->setText(text);
}

} // namespace flipbench::ui
