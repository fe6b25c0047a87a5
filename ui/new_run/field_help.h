#pragma once

#include <QList>
#include <QString>

namespace flipbench::ui {

/// One entry of a choice field: the value stored in the config and what the user reads.
struct Choice {
    QString value;
    QString label;
};

/// One plain sentence saying what the field at a run config JSON path ("train.lr",
/// "method.fd.temperature") does; empty for unknown paths. Every tooltip of the New Run form
/// comes from here, so the wording stays consistent and is reviewed in one place.
QString fieldHelp(const QString& path);

/// The items of a choice field (model.arch, method.name, train.schedule, ...), in display order.
QList<Choice> fieldChoices(const QString& path);

/// What the reference picker says under the list for a method ("baseline", "fd", "ldi").
QString referenceHint(const QString& method);

} // namespace flipbench::ui
