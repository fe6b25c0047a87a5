#include "ui/report/report_options.h"

#include "flipbench/util/errors.h"

#include <QDir>
#include <QFileInfo>

namespace flipbench::ui {

namespace {

using Order = FlipGalleryModel::SortOrder;

struct OrderName {
    Order order;
    const char* name;
    const char* description;
};

const OrderName kOrders[] = {
    {Order::ConfidenceDrop, "confidence-drop", "largest drop in the probability of the true class (A to B) first"},
    {Order::ConfidenceInWrongClass, "wrong-confidence", "most confident wrong predictions of B first"},
    {Order::TrueClass, "class", "by true class, then by test-set index"},
    {Order::Index, "index", "by test-set index"},
};

[[noreturn]] void fail(const QString& message)
{
    throw UserError(message.toStdString());
}

} // namespace

QString sortOrderName(Order order)
{
    for (const OrderName& o : kOrders)
        if (o.order == order)
            return QString::fromLatin1(o.name);
    return QString::fromLatin1(kOrders[0].name);
}

std::optional<Order> sortOrderFromName(const QString& name)
{
    for (const OrderName& o : kOrders)
        if (name.compare(QLatin1String(o.name), Qt::CaseInsensitive) == 0)
            return o.order;
    return std::nullopt;
}

QString sortOrderDescription(Order order)
{
    for (const OrderName& o : kOrders)
        if (o.order == order)
            return QString::fromLatin1(o.description);
    return {};
}

const QList<Order>& allSortOrders()
{
    static const QList<Order> orders{Order::ConfidenceDrop, Order::ConfidenceInWrongClass, Order::TrueClass,
                                     Order::Index};
    return orders;
}

std::optional<QPageSize::PageSizeId> pageSizeFromName(const QString& name)
{
    if (name.compare(QLatin1String("A4"), Qt::CaseInsensitive) == 0)
        return QPageSize::A4;
    if (name.compare(QLatin1String("Letter"), Qt::CaseInsensitive) == 0)
        return QPageSize::Letter;
    return std::nullopt;
}

QString resolveReportRun(const QString& workspace, const QString& run)
{
    const bool absolute = QFileInfo(run).isAbsolute();
    if (!absolute && workspace.isEmpty())
        fail(QObject::tr("Run '%1': give --workspace DIR or an absolute path to the run folder.").arg(run));
    const QString path = QDir::cleanPath(absolute ? run : QDir(workspace).filePath(run));
    const QFileInfo info(path);
    if (info.isDir() || info.isFile()) // a folder, or an imported .result file
        return info.absoluteFilePath();
    if (absolute)
        fail(QObject::tr("Run '%1' not found: no such folder.").arg(run));
    fail(QObject::tr("Run '%1' not found in workspace %2 (no folder %3). Use a run folder name as listed by "
                     "`flipbench-cli list`, or an absolute path.")
             .arg(run, QDir::toNativeSeparators(workspace), QDir::toNativeSeparators(path)));
}

void validateReportOptions(const ReportOptions& options)
{
    if (options.runs.size() < 2)
        fail(QObject::tr("A report compares at least two runs (the reference A, then B); got %1.")
                 .arg(options.runs.size()));
    for (int i = 0; i < options.runs.size(); ++i)
        if (options.runs.indexOf(options.runs[i]) != i)
            fail(QObject::tr("Run %1 is given twice; each run can appear once.").arg(options.runs[i]));
    if (options.topK < 1)
        fail(QObject::tr("--top-k must be at least 1, got %1.").arg(options.topK));
    if (options.output.isEmpty())
        fail(QObject::tr("No output file: give -o report.pdf."));
    const QFileInfo out(options.output);
    if (out.suffix().compare(QLatin1String("pdf"), Qt::CaseInsensitive) != 0)
        fail(QObject::tr("Output %1: the report is a PDF, so the file name must end in .pdf.").arg(options.output));
    if (out.isDir())
        fail(QObject::tr("Output %1 is a folder; give a file name such as %1/report.pdf.").arg(options.output));
    const QFileInfo folder(out.absolutePath());
    if (!folder.isDir())
        fail(QObject::tr("Cannot write %1: the folder %2 does not exist.")
                 .arg(options.output, QDir::toNativeSeparators(folder.absoluteFilePath())));
    if (!folder.isWritable())
        fail(QObject::tr("Cannot write %1: the folder %2 is not writable. Choose another location.")
                 .arg(options.output, QDir::toNativeSeparators(folder.absoluteFilePath())));
}

} // namespace flipbench::ui
