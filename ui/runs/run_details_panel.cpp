#include "ui/runs/run_details_panel.h"

#include "ui/runs/posthoc_curve_plot.h"
#include "ui/runs/run_row.h"
#include "ui/runs/runs_panel.h"

#include <QFile>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace flipbench::ui {

RunDetailsPanel::RunDetailsPanel(QWidget* parent) : QWidget(parent)
{
    title_ = new QLabel(this);
    QFont titleFont = title_->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.25);
    titleFont.setBold(true);
    title_->setFont(titleFont);
    title_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    state_ = new QLabel(this);
    message_ = new QLabel(this);
    message_->setObjectName(QStringLiteral("runMessageLabel"));
    message_->setWordWrap(true);
    message_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    resume_ = new QPushButton(tr("Resume"), this);
    resume_->setObjectName(QStringLiteral("resumeButton"));
    resume_->setToolTip(tr("Continue training from the last saved epoch."));
    showFolder_ = new QPushButton(tr("Show Folder"), this);
    posthocCurve_ = new PosthocCurvePlot(this);
    config_ = new QPlainTextEdit(this);
    config_->setReadOnly(true);
    config_->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    config_->setPlaceholderText(tr("Select a run in the table to see its configuration."));
    connect(resume_, &QPushButton::clicked, this, [this] { Q_EMIT resumeRequested(runDir_); });
    connect(showFolder_, &QPushButton::clicked, this, [this] { Q_EMIT showFolderRequested(runDir_); });

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(state_, 1);
    buttons->addWidget(resume_);
    buttons->addWidget(showFolder_);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(title_);
    layout->addLayout(buttons);
    layout->addWidget(message_);
    layout->addWidget(posthocCurve_, 2);
    layout->addWidget(config_, 1);
    showRow(nullptr);
}

void RunDetailsPanel::showRow(const RunRow* row)
{
    runDir_ = row ? row->dir : QString();
    title_->setText(row ? row->name : tr("No run selected"));
    if (row && row->isPlanGroup())
        state_->setText(tr("Plan of %1 runs · %2 · %3").arg(row->planSize).arg(row->message, row->method));
    else if (row && row->isGroup)
        state_->setText(
            tr("%1 seeds with these settings · %2 · %3").arg(row->figures->runDirs.size()).arg(row->method, row->arch));
    else
        state_->setText(row ? tr("%1 · %2 · %3").arg(stateText(row->state), row->method, row->arch) : QString());
    resume_->setVisible(row && canResume(*row));
    showFolder_->setVisible(row && !row->dir.isEmpty());

    const bool failed =
        row && (row->state == flipbench::RunState::Failed || row->state == flipbench::RunState::Skipped);
    message_->setVisible(row && !row->isPlanGroup() && !row->message.isEmpty()); // a plan's is its state line
    message_->setText(row ? row->message : QString());
    // Errors stand out; notes ("resumed from epoch 3") stay quiet.
    message_->setStyleSheet(failed ? QStringLiteral("QLabel { background: #fdecea; color: #8a1c1c; border: 1px solid "
                                                    "#f5c2c0; border-radius: 4px; padding: 8px; }")
                                   : QStringLiteral("QLabel { color: palette(dark); }"));

    QString config;
    // A group's settings are its first run's (the others differ only in the seed).
    const QString configDir = row && row->isGroup ? row->figures->runDirs.value(0) : row ? row->dir : QString();
    if (!configDir.isEmpty()) {
        QFile file(configDir + QStringLiteral("/config.json"));
        if (file.open(QIODevice::ReadOnly))
            config = QString::fromUtf8(file.readAll());
    }
    config_->setPlainText(config);
    posthocCurve_->showRun(row && !row->isGroup ? row->dir : QString());
}

} // namespace flipbench::ui
