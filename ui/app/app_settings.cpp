#include "ui/app/app_settings.h"

#include <QDir>
#include <QFileInfo>
#include <QSettings>
#include <QStandardPaths>

namespace flipbench::ui::AppSettings {

namespace {
constexpr int kMaxRecent = 8;
}

QString workspace()
{
    return QSettings().value(QStringLiteral("workspace/current")).toString();
}

void setWorkspace(const QString& dir)
{
    QSettings settings;
    settings.setValue(QStringLiteral("workspace/current"), dir);
    QStringList recent = settings.value(QStringLiteral("workspace/recent")).toStringList();
    recent.removeAll(dir);
    recent.prepend(dir);
    while (recent.size() > kMaxRecent)
        recent.removeLast();
    settings.setValue(QStringLiteral("workspace/recent"), recent);
}

QStringList recentWorkspaces()
{
    QStringList existing;
    for (const QString& dir : QSettings().value(QStringLiteral("workspace/recent")).toStringList())
        if (QFileInfo(dir).isDir())
            existing.append(dir);
    return existing;
}

void clearRecentWorkspaces()
{
    QSettings().remove(QStringLiteral("workspace/recent"));
}

QString dataPath()
{
    return QSettings().value(QStringLiteral("data/path")).toString();
}

void setDataPath(const QString& dir)
{
    QSettings().setValue(QStringLiteral("data/path"), dir);
}

QString runGrouping()
{
    return QSettings().value(QStringLiteral("runs/grouping"), QStringLiteral("seeds")).toString();
}

void setRunGrouping(const QString& grouping)
{
    QSettings().setValue(QStringLiteral("runs/grouping"), grouping);
}

QString defaultWorkspace()
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation))
        .filePath(QStringLiteral("Flipbench"));
}

QString defaultDemoDataDir()
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation))
        .filePath(QStringLiteral("demo-data"));
}

} // namespace flipbench::ui::AppSettings
