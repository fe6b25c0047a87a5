#include "ui/app/message_bar.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QStringList>
#include <QStyle>
#include <QToolButton>

namespace flipbench::ui {

MessageBar::MessageBar(QWidget* parent) : QFrame(parent), text_(new QLabel(this))
{
    setObjectName(QStringLiteral("messageBar"));
    text_->setObjectName(QStringLiteral("messageText"));
    text_->setWordWrap(true);
    text_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* dismiss = new QToolButton(this);
    dismiss->setObjectName(QStringLiteral("messageBarClose"));
    dismiss->setIcon(style()->standardIcon(QStyle::SP_TitleBarCloseButton));
    dismiss->setAutoRaise(true);
    dismiss->setToolTip(tr("Dismiss this message"));
    dismiss->setAccessibleName(tr("Dismiss message"));
    connect(dismiss, &QToolButton::clicked, this, &MessageBar::clear);
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(10, 4, 4, 4);
    layout->addWidget(text_, 1);
    layout->addWidget(dismiss, 0, Qt::AlignTop);
    hide();
}

void MessageBar::showMessage(const QString& text, bool error)
{
    // Errors that arrive together (a plan's run fails, the next is skipped) are all kept: the
    // newest first, the last three.
    QString shown = text;
    if (error && !isHidden() && isError_) {
        QStringList lines = text_->text().split(QLatin1Char('\n'));
        lines.prepend(text);
        shown = lines.mid(0, 3).join(QLatin1Char('\n'));
    }
    isError_ = error;
    text_->setText(shown);
    setStyleSheet(
        error
            ? QStringLiteral("QFrame#messageBar { background: #fdecea; border: 1px solid #f5c2c0; border-radius: 4px; }"
                             "QLabel { color: #8a1c1c; }")
            : QStringLiteral("QFrame#messageBar { background: #e8f4ea; border: 1px solid #b7dfbc; border-radius: 4px; }"
                             "QLabel { color: #1e4620; }"));
    show();
}

void MessageBar::clear()
{
    hide();
    text_->clear();
    isError_ = false;
}

QString MessageBar::text() const
{
    return isHidden() ? QString() : text_->text();
}

} // namespace flipbench::ui
