#pragma once

// `flipbench report`: the PDF comparison report without the window, for scripts and servers.

#include <QStringList>

namespace flipbench::app {

/// True when the command line asks for `flipbench report ...`.
bool isReportCommand(int argc, char** argv);

/// Before QApplication exists: with no display (neither DISPLAY nor WAYLAND_DISPLAY set) use Qt's
/// offscreen platform, so the report works on a server or in CI.
void chooseHeadlessPlatform();

/// Runs the command on the application's arguments ("flipbench", "report", ...). Returns the exit
/// code: 0 written, 1 failed (message on stderr), 2 usage error.
int runReportCommand(const QStringList& arguments);

} // namespace flipbench::app
