// flipbench: the desktop workbench.

#include "report_command.h"

#include <ui/app/app_settings.h>
#include <ui/app/main_window.h>

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>

#include <QIcon>

#include <cstdio>
#include <cstring>

namespace {

/// --help and --version only print: like `report`, they must work without a display.
bool asksForHelpOrVersion(int argc, char** argv)
{
    for (int i = 1; i < argc; ++i)
        for (const char* option : {"-h", "--help", "--help-all", "-?", "-v", "--version"})
            if (std::strcmp(argv[i], option) == 0)
                return true;
    return false;
}

} // namespace

int main(int argc, char** argv)
{
    // `flipbench report`, --help and --version need no window: without a display they must still
    // start, so pick the offscreen platform before QApplication loads one.
    const bool report = flipbench::app::isReportCommand(argc, argv);
    const bool printOnly = !report && asksForHelpOrVersion(argc, argv);
    if (report || printOnly)
        flipbench::app::chooseHeadlessPlatform();
#ifdef Q_OS_LINUX
    // The window itself needs a display; without one Qt aborts with a platform-plugin error.
    else if (qEnvironmentVariableIsEmpty("DISPLAY") && qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY") &&
             qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) {
        std::fputs("flipbench: no display to open the window on (neither DISPLAY nor WAYLAND_DISPLAY is set).\n"
                   "Start it in a desktop session (or over ssh -X). Without a display, `flipbench report ...` "
                   "writes the PDF report\n(see flipbench --help) and flipbench-cli trains, compares and lists "
                   "runs.\n",
                   stderr);
        return 1;
    }
#endif
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("Flipbench"));
    QApplication::setApplicationName(QStringLiteral("flipbench"));
    QApplication::setApplicationDisplayName(QStringLiteral("Flipbench"));
    QApplication::setApplicationVersion(QStringLiteral(FLIPBENCH_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("flipbench"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/flipbench.svg")));
    if (report)
        return flipbench::app::runReportCommand(QApplication::arguments());

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Workbench for regression-free model updates.\n\n"
                       "Commands:\n"
                       "  report --workspace DIR RUN_A RUN_B [RUN ...] -o report.pdf\n"
                       "      write the PDF comparison report without opening the window (no display needed);\n"
                       "      flipbench report --help lists its options"));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption workspaceOption(QStringLiteral("workspace"),
                                             QStringLiteral("Open the workspace in DIR (created if missing)."),
                                             QStringLiteral("DIR"));
    const QCommandLineOption dataOption(QStringLiteral("data"),
                                        QStringLiteral("Use DIR (a CIFAR-10 binary folder) for new runs."),
                                        QStringLiteral("DIR"));
    const QCommandLineOption presetOption(QStringLiteral("start-preset"),
                                          QStringLiteral("Queue the runs of preset NAME (e.g. cpu-quick) on the data "
                                                         "folder at start."),
                                          QStringLiteral("NAME"));
    const QCommandLineOption newRunOption(QStringLiteral("new-run"),
                                          QStringLiteral("Open the New Run form at start, with preset NAME loaded "
                                                         "(\"blank\" for none)."),
                                          QStringLiteral("NAME"));
    parser.addOption(workspaceOption);
    parser.addOption(dataOption);
    parser.addOption(presetOption);
    const QCommandLineOption compareOption(QStringLiteral("compare"),
                                           QStringLiteral("Give twice (old, then new): open the Compare page on these "
                                                          "runs (folders, or names in the workspace)."),
                                           QStringLiteral("RUN"));
    const QCommandLineOption allRunsOption(QStringLiteral("compare-all"),
                                           QStringLiteral("Open the Compare page's All runs tab: NFR between every "
                                                          "pair of completed runs and accuracy against NFR."));
    const QCommandLineOption seedsOption(QStringLiteral("compare-seeds"),
                                         QStringLiteral("Open the Compare page's Seeds tab: runs grouped over seeds, "
                                                        "with intervals, the noise floor and each method against "
                                                        "retraining."));
    const QCommandLineOption newSweepOption(
        QStringLiteral("new-sweep"),
        QStringLiteral("Open the New Sweep form at start (\"grid\"), or on the sweep spec FILE (to resume it)."),
        QStringLiteral("FILE"));
    parser.addOption(newRunOption);
    parser.addOption(newSweepOption);
    parser.addOption(seedsOption);
    parser.addOption(compareOption);
    parser.addOption(allRunsOption);
    parser.process(app);

    flipbench::ui::MainWindow window;
    if (parser.isSet(dataOption))
        window.setDataPath(QDir(parser.value(dataOption)).absolutePath());
    QString workspace = parser.value(workspaceOption);
    if (workspace.isEmpty())
        workspace = flipbench::ui::AppSettings::workspace();
    if (workspace.isEmpty() || !window.openWorkspace(workspace))
        window.openWorkspace(flipbench::ui::AppSettings::defaultWorkspace());
    window.show();
    if (parser.isSet(presetOption))
        window.startPreset(parser.value(presetOption));
    if (const QStringList runs = parser.values(compareOption); runs.size() == 2) {
        const auto resolve = [&](const QString& run) {
            return QFileInfo(run).isAbsolute() ? run : QDir(window.workspace()).filePath(run);
        };
        window.compareRuns(resolve(runs[0]), resolve(runs[1]));
    } else if (!runs.isEmpty()) {
        std::fprintf(stderr, "flipbench: --compare needs two runs (old, then new), got %lld\n",
                     static_cast<long long>(runs.size()));
        return 2;
    }
    if (parser.isSet(allRunsOption))
        window.compareAllRuns();
    if (parser.isSet(seedsOption))
        window.compareSeedGroups();
    if (parser.isSet(newRunOption)) {
        const QString preset = parser.value(newRunOption);
        window.newRun(preset == QLatin1String("blank") ? QString() : preset);
    }
    if (parser.isSet(newSweepOption)) {
        const QString spec = parser.value(newSweepOption);
        window.newSweep(spec == QLatin1String("grid") ? QString() : QFileInfo(spec).absoluteFilePath());
    }
    return app.exec();
}
