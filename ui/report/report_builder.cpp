#include "ui/report/report_builder.h"

#include "flipbench/util/errors.h"

#include <QEventLoop>
#include <QTimer>
#include <QtConcurrent/QtConcurrentRun>

namespace flipbench::ui {

namespace {

// Shares of the progress bar: loading dominates, the plots are quick, writing is in between.
constexpr double kLoadEnd = 0.5, kPlotsEnd = 0.6;

/// Runs `work`, turning exceptions into the message the user sees.
QString guarded(const std::function<void()>& work)
{
    try {
        work();
        return {};
    } catch (const std::exception& e) {
        return QString::fromUtf8(e.what());
    }
}

} // namespace

struct ReportBuilder::State {
    ReportOptions options;
    ReportData data;
    ReportPlots plots;
    QVector<ReportPlotKind> pendingPlots;
    ReportFileInfo file;
};

ReportBuilder::ReportBuilder(QObject* parent) : QObject(parent) {}

ReportBuilder::~ReportBuilder()
{
    cancel();
    watcher_.disconnect(this);
    watcher_.waitForFinished();
}

ReportProgress ReportBuilder::progressFor(double from, double to)
{
    // Called on the worker thread: hand the numbers to the GUI thread; the queued call is dropped
    // if the builder is gone by then.
    return [this, from, to](double fraction, const QString& stage) {
        const int percent = static_cast<int>(100.0 * (from + (to - from) * fraction));
        QMetaObject::invokeMethod(
            this, [this, percent, stage] { Q_EMIT progressChanged(percent, stage); }, Qt::QueuedConnection);
    };
}

bool ReportBuilder::start(const ReportOptions& options)
{
    if (running_)
        return false;
    running_ = true;
    error_.clear();
    result_ = {};
    state_ = std::make_shared<State>();
    state_->options = options;
    cancelled_ = std::make_shared<std::atomic_bool>(false);
    Q_EMIT progressChanged(0, tr("Reading the runs"));

    watcher_.disconnect(this);
    connect(&watcher_, &QFutureWatcher<QString>::finished, this, [this] {
        if (const QString error = watcher_.result(); !error.isEmpty())
            return finish(false, error);
        if (cancelled_->load())
            return finish(false, tr("Cancelled."));
        state_->pendingPlots = reportPlotKinds(state_->data);
        renderNextPlot();
    });
    const auto state = state_;
    const auto cancelled = cancelled_;
    const ReportProgress progress = progressFor(0, kLoadEnd);
    watcher_.setFuture(QtConcurrent::run([state, cancelled, progress] {
        return guarded([&] { state->data = loadReportData(state->options, progress, cancelled.get()); });
    }));
    return true;
}

void ReportBuilder::renderNextPlot()
{
    if (cancelled_->load())
        return finish(false, tr("Cancelled."));
    if (state_->pendingPlots.isEmpty())
        return writePdf();
    const ReportPlotKind kind = state_->pendingPlots.takeFirst();
    const int total = reportPlotKinds(state_->data).size();
    const int done = total - static_cast<int>(state_->pendingPlots.size());
    Q_EMIT progressChanged(static_cast<int>(100 * (kLoadEnd + (kPlotsEnd - kLoadEnd) * done / std::max(1, total))),
                           tr("Drawing the plots"));
    if (const QString error = guarded([&] { state_->plots.of(kind) = renderReportPlot(kind, state_->data); });
        !error.isEmpty())
        return finish(false, error);
    // One plot per event-loop turn: the window repaints and takes input between them.
    QTimer::singleShot(0, this, &ReportBuilder::renderNextPlot);
}

void ReportBuilder::writePdf()
{
    watcher_.disconnect(this);
    connect(&watcher_, &QFutureWatcher<QString>::finished, this, [this] {
        if (const QString error = watcher_.result(); !error.isEmpty())
            return finish(false, error);
        if (state_->file.path.isEmpty())
            return finish(false, tr("Cancelled."));
        result_ = state_->file;
        finish(
            true,
            tr("Wrote %1 (%2 pages, %3 KB).").arg(result_.path).arg(result_.pages).arg((result_.bytes + 1023) / 1024));
    });
    const auto state = state_;
    const auto cancelled = cancelled_;
    const ReportProgress progress = progressFor(kPlotsEnd, 1.0);
    watcher_.setFuture(QtConcurrent::run([state, cancelled, progress] {
        return guarded([&] { state->file = writeReportPdf(state->data, state->plots, progress, cancelled.get()); });
    }));
}

void ReportBuilder::cancel()
{
    if (cancelled_)
        cancelled_->store(true);
}

void ReportBuilder::finish(bool ok, const QString& message)
{
    running_ = false;
    error_ = ok || cancelled_->load() ? QString() : message;
    state_.reset(); // the comparisons and images are large; the result keeps only the file facts
    Q_EMIT finished(ok, message);
}

ReportFileInfo buildReport(const ReportOptions& options,
                           const std::function<void(int percent, const QString& stage)>& progress)
{
    ReportBuilder builder;
    QEventLoop loop;
    QString error;
    bool ok = false;
    if (progress)
        QObject::connect(&builder, &ReportBuilder::progressChanged, &builder, progress);
    QObject::connect(&builder, &ReportBuilder::finished, &loop, [&](bool success, const QString& message) {
        ok = success;
        error = message;
        loop.quit();
    });
    builder.start(options);
    loop.exec();
    if (!ok)
        throw UserError(error.toStdString());
    return builder.result();
}

} // namespace flipbench::ui
