#include "ui/compare/model_source.h"

#include <QFileInfo>

namespace flipbench::ui {

namespace {

const QString kEnsemblePrefix = QStringLiteral("ensemble:");

} // namespace

QString ensembleKey(QStringList memberPaths)
{
    memberPaths.removeAll(QString());
    memberPaths.removeDuplicates();
    memberPaths.sort();
    return kEnsemblePrefix + memberPaths.join(QLatin1Char('\n'));
}

bool isEnsembleKey(const QString& key)
{
    return key.startsWith(kEnsemblePrefix);
}

QStringList modelPaths(const QString& key)
{
    if (!isEnsembleKey(key))
        return key.isEmpty() ? QStringList() : QStringList{key};
    return key.mid(kEnsemblePrefix.size()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
}

QString modelDisplayName(const QString& key)
{
    if (!isEnsembleKey(key))
        return QFileInfo(key).fileName();
    QStringList names;
    for (const QString& path : modelPaths(key))
        names << QFileInfo(path).fileName();
    return QStringLiteral("Ensemble (%1)").arg(names.join(QStringLiteral(" + ")));
}

flipbench::ModelSource toModelSource(const QString& key)
{
    std::vector<std::filesystem::path> paths;
    for (const QString& path : modelPaths(key))
        paths.emplace_back(path.toStdU32String());
    if (isEnsembleKey(key))
        return flipbench::ModelSource::ensembleOf(std::move(paths));
    return {std::move(paths), false};
}

} // namespace flipbench::ui
