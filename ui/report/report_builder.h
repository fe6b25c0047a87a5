#pragma once

// Builds a PDF report in three steps: load the runs and comparisons on a worker thread, draw the
// few QCustomPlot plots on the GUI thread (one per event-loop turn, a few milliseconds each, since
// QCustomPlot is a widget), then paint and write the PDF on a worker thread. The window stays
// responsive and a cancel stops between steps without leaving a file.

#include "ui/report/report_options.h"
#include "ui/report/report_writer.h"

#include <QFutureWatcher>
#include <QObject>

#include <atomic>
#include <functional>
#include <memory>

namespace flipbench::ui {

class ReportBuilder final : public QObject {
    Q_OBJECT
public:
    explicit ReportBuilder(QObject* parent = nullptr);
    /// Cancels a build in progress and waits for its worker step to return.
    ~ReportBuilder() override;

    /// Starts building; false (and nothing started) while a build is still running.
    bool start(const ReportOptions& options);
    void cancel();
    bool isRunning() const { return running_; }

    /// The written file after finished(true).
    const ReportFileInfo& result() const { return result_; }
    /// Why the last build failed (empty after success or cancel).
    QString errorText() const { return error_; }

Q_SIGNALS:
    void progressChanged(int percent, const QString& stage);
    /// ok: the PDF is in result(); otherwise `message` says why (or that it was cancelled).
    void finished(bool ok, const QString& message);

private:
    struct State;
    void renderNextPlot();
    void writePdf();
    void finish(bool ok, const QString& message);
    ReportProgress progressFor(double from, double to);

    std::shared_ptr<State> state_;
    std::shared_ptr<std::atomic_bool> cancelled_;
    QFutureWatcher<QString> watcher_; ///< the worker step in flight; its result is an error or empty
    bool running_ = false;
    ReportFileInfo result_;
    QString error_;
};

/// Builds a report and waits for it, running an event loop meanwhile (for `flipbench report` and
/// tests). Throws flipbench::UserError with the builder's message on failure.
ReportFileInfo buildReport(const ReportOptions& options,
                           const std::function<void(int percent, const QString& stage)>& progress = {});

} // namespace flipbench::ui
