#pragma once

// Helpers for the suites that drive the main window (offscreen): finding children, reading the
// run table by run name, typing into fields and answering message boxes.

#include "ui/app/main_window.h"
#include "ui/runs/run_row.h"

#include <QLineEdit>
#include <QMessageBox>
#include <QObject>
#include <QString>

namespace fbtest {

/// The child of `parent` named `name`; a missing one ends the suite (the window changed shape).
template <typename T> T* child(QObject* parent, const char* name)
{
    T* widget = parent->findChild<T*>(QString::fromLatin1(name));
    if (!widget)
        qFatal("no child %s", name);
    return widget;
}

/// The run table's row of the run named `name`; none when the table has no such run.
const flipbench::ui::RunRow* rowNamed(const flipbench::ui::MainWindow& window, const QString& name);

/// The state word of that row ("completed"), or "" when the table has no such run.
QString stateOf(const flipbench::ui::MainWindow& window, const QString& name);

/// Replaces the text of `edit` by typing `text`, as a user would.
void typeInto(QLineEdit* edit, const QString& text);

/// Answers the next message box (a question opened with exec()) with `button`; its text goes to
/// `text` when given.
void answerNextMessageBox(QMessageBox::StandardButton button, QString* text = nullptr);

} // namespace fbtest
