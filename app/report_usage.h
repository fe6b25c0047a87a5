#pragma once

// The usage of `flipbench report`, in one place for both binaries: the desktop binary prints it,
// and flipbench-cli, which cannot draw the report (it links no Qt), points its users to it.

namespace flipbench::app {

inline constexpr const char* kReportUsage =
    "Usage: flipbench report --workspace DIR RUN_A RUN_B [RUN ...] -o report.pdf [--top-k N]\n"
    "                        [--sort confidence-drop|wrong-confidence|class|index] [--page-size A4|Letter]\n"
    "                        [--title TEXT]\n"
    "RUN is a run folder name in the workspace or an absolute path; the first run is the reference (A),\n"
    "the second B, and further runs are each compared with A as well.\n";

} // namespace flipbench::app
