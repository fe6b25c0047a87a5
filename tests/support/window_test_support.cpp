#include "window_test_support.h"

#include "ui/runs/run_table_model.h"

#include <QApplication>
#include <QPushButton>
#include <QTimer>
#include <QtTest/QtTest>

namespace fbtest {

const flipbench::ui::RunRow* rowNamed(const flipbench::ui::MainWindow& window, const QString& name)
{
    const flipbench::ui::RunTableModel* model = window.runTableModel();
    for (int r = 0; r < model->rowCount(); ++r)
        if (model->rowAt(r)->name == name)
            return model->rowAt(r);
    return nullptr;
}

QString stateOf(const flipbench::ui::MainWindow& window, const QString& name)
{
    const flipbench::ui::RunRow* row = rowNamed(window, name);
    return row ? flipbench::ui::stateText(row->state) : QString();
}

void typeInto(QLineEdit* edit, const QString& text)
{
    edit->selectAll();
    QTest::keyClick(edit, Qt::Key_Backspace);
    QTest::keyClicks(edit, text);
}

void answerNextMessageBox(QMessageBox::StandardButton button, QString* text)
{
    QTimer::singleShot(0, [button, text] {
        for (QWidget* widget : QApplication::topLevelWidgets())
            if (auto* box = qobject_cast<QMessageBox*>(widget); box && box->isVisible()) {
                if (text)
                    *text = box->text();
                box->button(button)->click();
                return;
            }
        answerNextMessageBox(button, text); // not open yet: look again on the next turn of the loop
    });
}

} // namespace fbtest
