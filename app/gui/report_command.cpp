#include "report_command.h"

#include "../report_usage.h"

#include <ui/report/report_builder.h>
#include <ui/report/report_options.h>

#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>

#include <cstdio>
#include <cstring>
#include <exception>

namespace flipbench::app {

namespace {

void printError(const QString& message)
{
    std::fprintf(stderr, "flipbench report: %s\n", qPrintable(message));
}

int usageError(const QString& message)
{
    printError(message);
    std::fputs(kReportUsage, stderr);
    return 2;
}

} // namespace

bool isReportCommand(int argc, char** argv)
{
    return argc > 1 && std::strcmp(argv[1], "report") == 0;
}

void chooseHeadlessPlatform()
{
    if (qEnvironmentVariableIsEmpty("DISPLAY") && qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
}

int runReportCommand(const QStringList& arguments)
{
    QCommandLineParser parser;
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")}, QStringLiteral("Show this help."));
    const QCommandLineOption workspace(QStringLiteral("workspace"), QStringLiteral("Workspace folder."),
                                       QStringLiteral("DIR"));
    const QCommandLineOption output({QStringLiteral("o"), QStringLiteral("output")}, QStringLiteral("PDF file."),
                                    QStringLiteral("FILE"));
    const QCommandLineOption topK(QStringLiteral("top-k"), QStringLiteral("Gallery size."), QStringLiteral("N"));
    const QCommandLineOption sort(QStringLiteral("sort"), QStringLiteral("Gallery order."), QStringLiteral("ORDER"));
    const QCommandLineOption pageSize(QStringLiteral("page-size"), QStringLiteral("A4 or Letter."),
                                      QStringLiteral("SIZE"));
    const QCommandLineOption title(QStringLiteral("title"), QStringLiteral("Report title."), QStringLiteral("TEXT"));
    parser.addOptions({help, workspace, output, topK, sort, pageSize, title});
    if (!parser.parse(arguments))
        return usageError(parser.errorText());
    if (parser.isSet(help)) {
        std::fputs(kReportUsage, stdout);
        return 0;
    }
    QStringList runs = parser.positionalArguments();
    if (!runs.isEmpty() && runs.front() == QLatin1String("report"))
        runs.removeFirst();
    if (runs.size() < 2)
        return usageError(QStringLiteral("give at least two runs (the reference A, then B)"));
    if (!parser.isSet(output))
        return usageError(QStringLiteral("give the PDF to write with -o report.pdf"));

    ui::ReportOptions options;
    options.workspace = parser.isSet(workspace) ? QDir(parser.value(workspace)).absolutePath() : QString();
    options.output = QFileInfo(parser.value(output)).absoluteFilePath();
    options.title = parser.value(title);
    if (parser.isSet(topK)) {
        bool ok = false;
        options.topK = parser.value(topK).toInt(&ok);
        if (!ok || options.topK < 1)
            return usageError(
                QStringLiteral("--top-k needs a whole number of at least 1, got '%1'").arg(parser.value(topK)));
    }
    if (parser.isSet(sort)) {
        const auto order = ui::sortOrderFromName(parser.value(sort));
        if (!order)
            return usageError(QStringLiteral("--sort '%1' is not one of confidence-drop, wrong-confidence, class, "
                                             "index")
                                  .arg(parser.value(sort)));
        options.sort = *order;
    }
    if (parser.isSet(pageSize)) {
        const auto size = ui::pageSizeFromName(parser.value(pageSize));
        if (!size)
            return usageError(QStringLiteral("--page-size '%1' is not A4 or Letter").arg(parser.value(pageSize)));
        options.pageSize = *size;
    }
    if (!options.workspace.isEmpty() && !QFileInfo(options.workspace).isDir()) {
        printError(QStringLiteral("workspace %1 does not exist").arg(QDir::toNativeSeparators(options.workspace)));
        return 1;
    }

    try {
        for (const QString& run : runs)
            options.runs << ui::resolveReportRun(options.workspace, run);
        QString lastStage;
        const ui::ReportFileInfo file = ui::buildReport(options, [&](int percent, const QString& stage) {
            if (stage == lastStage)
                return;
            lastStage = stage;
            std::fprintf(stderr, "[%3d%%] %s\n", percent, qPrintable(stage));
        });
        std::printf("Wrote %s (%d pages, %lld KB)\n", qPrintable(QDir::toNativeSeparators(file.path)), file.pages,
                    static_cast<long long>((file.bytes + 1023) / 1024));
        return 0;
    } catch (const std::exception& e) {
        printError(QString::fromUtf8(e.what()));
        return 1;
    }
}

} // namespace flipbench::app
