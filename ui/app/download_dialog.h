#pragma once

#include <QDialog>
#include <QFuture>

#include <memory>

class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;

namespace flipbench {
class CancelToken;
}

namespace flipbench::ui {

/// "Download CIFAR-10": a folder, the address and checksum (prefilled with the official ones), a
/// progress bar with bytes, rate and time left, and Cancel. The core download runs on the thread
/// pool; its progress arrives as queued signals. On success (or when the folder already holds the
/// data set) it emits downloaded() with the cifar-10-batches-bin folder and closes.
class DownloadDialog final : public QDialog {
    Q_OBJECT
public:
    explicit DownloadDialog(const QString& folder, QWidget* parent = nullptr);
    /// Cancels a running download and waits for it (at most about a second: libcurl polls the cancel
    /// flag at least once a second), so the worker never outlives the dialog.
    ~DownloadDialog() override;

    bool isRunning() const;
    QString statusText() const;

    /// Where a fresh install downloads to (under the application's data folder).
    static QString defaultFolder();

public Q_SLOTS:
    void start();
    void cancel();
    void reject() override; ///< Close or Esc while downloading cancels first, then closes

Q_SIGNALS:
    void downloaded(const QString& cifarDir);
    // Posted by the worker thread (queued to the dialog's thread).
    void progressReported(int phase, qint64 done, qint64 total, double bytesPerSecond, double etaSeconds);
    void messageReported(const QString& text);
    void workFinished(int state, const QString& cifarDir, const QString& message, bool failed);

private:
    void showProgress(int phase, qint64 done, qint64 total, double bytesPerSecond, double etaSeconds);
    void finishWork(int state, const QString& cifarDir, const QString& message, bool failed);
    void setRunning(bool running);
    void setStatus(const QString& text, bool error);

    QLineEdit* folder_;
    QLineEdit* url_;
    QLineEdit* sha256_;
    QProgressBar* bar_;
    QLabel* rate_;
    QLabel* status_;
    QPushButton* browse_;
    QPushButton* startButton_;
    QPushButton* cancelButton_;
    QPushButton* closeButton_;
    std::unique_ptr<CancelToken> cancel_;
    QFuture<void> work_;
    bool running_ = false;
    bool closeWhenDone_ = false;
};

} // namespace flipbench::ui
