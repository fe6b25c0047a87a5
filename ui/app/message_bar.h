#pragma once

#include <QFrame>
#include <QString>

class QLabel;

namespace flipbench::ui {

/// The bar above the run table that says what went wrong (red) or what a finished plan showed
/// (green), with a button that dismisses it. Errors that arrive together are all kept, the newest
/// first, the last three. Child objectNames: messageText (QLabel), messageBarClose (QToolButton);
/// its own: messageBar.
class MessageBar final : public QFrame {
    Q_OBJECT
public:
    explicit MessageBar(QWidget* parent = nullptr);

    void showMessage(const QString& text, bool error);
    /// Hides the bar and forgets its text.
    void clear();
    /// The text shown; empty while the bar is hidden.
    QString text() const;

private:
    QLabel* text_;
    bool isError_ = false;
};

} // namespace flipbench::ui
