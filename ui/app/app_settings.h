#pragma once

#include <QString>
#include <QStringList>

namespace flipbench::ui {

/// What the workbench remembers between sessions (QSettings under "Flipbench/flipbench").
namespace AppSettings {

QString workspace();
void setWorkspace(const QString& dir); ///< also puts it first in the recent list
QStringList recentWorkspaces();        ///< most recent first, at most 8, existing folders only
void clearRecentWorkspaces();

/// The CIFAR-10 (or demo) folder new runs use; empty until the user picks or creates one.
QString dataPath();
void setDataPath(const QString& dir);

/// What the run table groups by: "seeds" (the default), "plans" or "none".
QString runGrouping();
void setRunGrouping(const QString& grouping);

/// Where a fresh install keeps its first workspace and the demo data set.
QString defaultWorkspace();
QString defaultDemoDataDir();

} // namespace AppSettings

} // namespace flipbench::ui
