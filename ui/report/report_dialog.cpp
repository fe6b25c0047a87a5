#include "ui/report/report_dialog.h"

#include "ui/widgets/checkable_list.h"

#include "ui/report/report_builder.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDesktopServices>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QUrl>
#include <QVBoxLayout>

namespace flipbench::ui {

namespace {

struct SectionChoice {
    ReportSection section;
    const char* label;
};

const SectionChoice kSections[] = {
    {ReportSection::Runs, "Runs and configurations"},
    {ReportSection::Metrics, "Metrics"},
    {ReportSection::Curves, "Training curves"},
    {ReportSection::Flips, "Flip matrix and class heatmap"},
    {ReportSection::Pairwise, "Pairwise NFR and scatter (3+ runs)"},
    {ReportSection::Gallery, "Gallery of negative flips"},
    {ReportSection::Appendix, "Appendix: FD / LDI and hyperparameters"},
};

} // namespace

ReportDialog::ReportDialog(const QString& workspace, const QStringList& runs, const QStringList& checked,
                           QWidget* parent)
    : QDialog(parent), workspace_(workspace), builder_(new ReportBuilder(this))
{
    setObjectName(QStringLiteral("reportDialog"));
    setWindowTitle(tr("Export Report"));

    title_ = new QLineEdit(this);
    title_->setObjectName(QStringLiteral("reportTitle"));
    title_->setPlaceholderText(tr("Model comparison: A vs B"));

    runs_ = new QListWidget(this);
    runs_->setObjectName(QStringLiteral("reportRuns"));
    runs_->setDragDropMode(QAbstractItemView::InternalMove); // the order of the list is the report's
    runs_->setToolTip(tr("Tick the runs to include and drag them into order: the first ticked run is the reference "
                         "(A), the second is B, and every further run is compared with A as well."));
    QStringList ordered = checked;
    for (const QString& run : runs)
        if (!ordered.contains(run))
            ordered << run;
    for (const QString& run : ordered) {
        // Selectable and draggable too: the order of the list is the order of the report.
        QListWidgetItem* item = addCheckableRun(runs_, QFileInfo(run).fileName(), run, checked.contains(run));
        item->setFlags(item->flags() | Qt::ItemIsSelectable | Qt::ItemIsDragEnabled);
    }

    topK_ = new QSpinBox(this);
    topK_->setObjectName(QStringLiteral("reportTopK"));
    topK_->setRange(1, 1000);
    topK_->setValue(48);
    sort_ = new QComboBox(this);
    sort_->setObjectName(QStringLiteral("reportSort"));
    for (FlipGalleryModel::SortOrder order : allSortOrders())
        sort_->addItem(sortOrderDescription(order), QVariant::fromValue(static_cast<int>(order)));
    pageSize_ = new QComboBox(this);
    pageSize_->setObjectName(QStringLiteral("reportPageSize"));
    pageSize_->addItem(QStringLiteral("A4"), int(QPageSize::A4));
    pageSize_->addItem(QStringLiteral("Letter"), int(QPageSize::Letter));

    auto* sectionBox = new QGridLayout;
    int i = 0;
    for (const SectionChoice& s : kSections) {
        auto* box = new QCheckBox(tr(s.label), this);
        box->setChecked(true);
        sections_.append({s.section, box});
        sectionBox->addWidget(box, i / 2, i % 2);
        ++i;
    }

    output_ = new QLineEdit(QDir(workspace).filePath(QStringLiteral("report.pdf")), this);
    output_->setObjectName(QStringLiteral("reportOutput"));
    browse_ = new QPushButton(tr("Browse…"), this);
    connect(browse_, &QPushButton::clicked, this, &ReportDialog::chooseFile);
    auto* outputRow = new QHBoxLayout;
    outputRow->addWidget(output_, 1);
    outputRow->addWidget(browse_);

    auto* form = new QFormLayout;
    form->addRow(tr("Title:"), title_);
    form->addRow(tr("Runs:"), runs_);
    auto* runsHint =
        new QLabel(tr("The first ticked run is the reference (A), the second is B; drag to reorder."), this);
    runsHint->setWordWrap(true);
    runsHint->setStyleSheet(QStringLiteral("color: palette(mid);"));
    form->addRow(QString(), runsHint);
    form->addRow(tr("Gallery size (K):"), topK_);
    form->addRow(tr("Gallery order:"), sort_);
    form->addRow(tr("Page size:"), pageSize_);
    form->addRow(tr("Sections:"), sectionBox);
    form->addRow(tr("Save as:"), outputRow);

    progress_ = new QProgressBar(this);
    progress_->setObjectName(QStringLiteral("reportProgress"));
    progress_->setRange(0, 100);
    progress_->setVisible(false);
    status_ = new QLabel(this);
    status_->setObjectName(QStringLiteral("reportStatus"));
    status_->setWordWrap(true);
    status_->setTextInteractionFlags(Qt::TextSelectableByMouse);

    buttons_ = new QDialogButtonBox(QDialogButtonBox::Close, this);
    export_ = buttons_->addButton(tr("Export"), QDialogButtonBox::AcceptRole);
    export_->setObjectName(QStringLiteral("reportExportButton"));
    openPdf_ = buttons_->addButton(tr("Open PDF"), QDialogButtonBox::ActionRole);
    openPdf_->setObjectName(QStringLiteral("reportOpenButton"));
    showFolder_ = buttons_->addButton(tr("Show in Folder"), QDialogButtonBox::ActionRole);
    showFolder_->setObjectName(QStringLiteral("reportShowFolderButton"));
    openPdf_->setVisible(false);
    showFolder_->setVisible(false);
    connect(export_, &QPushButton::clicked, this, &ReportDialog::startExport);
    connect(buttons_->button(QDialogButtonBox::Close), &QPushButton::clicked, this, &ReportDialog::reject);
    connect(openPdf_, &QPushButton::clicked, this,
            [this] { QDesktopServices::openUrl(QUrl::fromLocalFile(builder_->result().path)); });
    connect(showFolder_, &QPushButton::clicked, this, [this] {
        QDesktopServices::openUrl(QUrl::fromLocalFile(QFileInfo(builder_->result().path).absolutePath()));
    });

    connect(builder_, &ReportBuilder::progressChanged, this, [this](int percent, const QString& stage) {
        progress_->setValue(percent);
        status_->setText(stage + QStringLiteral("…"));
    });
    connect(builder_, &ReportBuilder::finished, this, &ReportDialog::onFinished);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(progress_);
    layout->addWidget(status_);
    layout->addWidget(buttons_);
    resize(560, 620);
}

QStringList ReportDialog::checkedRuns() const
{
    return checkedRunPaths(runs_);
}

ReportOptions ReportDialog::options() const
{
    ReportOptions o;
    o.title = title_->text().trimmed();
    o.workspace = workspace_;
    o.runs = checkedRuns();
    o.output = QFileInfo(output_->text().trimmed()).absoluteFilePath();
    o.topK = topK_->value();
    o.sort = static_cast<FlipGalleryModel::SortOrder>(sort_->currentData().toInt());
    o.pageSize = static_cast<QPageSize::PageSizeId>(pageSize_->currentData().toInt());
    o.sections = 0;
    for (const auto& [section, box] : sections_)
        if (box->isChecked())
            o.sections |= int(section);
    return o;
}

QString ReportDialog::statusText() const
{
    return status_->text();
}

bool ReportDialog::startExport()
{
    const ReportOptions o = options();
    try {
        validateReportOptions(o);
    } catch (const std::exception& e) {
        status_->setText(QString::fromUtf8(e.what()));
        return false;
    }
    openPdf_->setVisible(false);
    showFolder_->setVisible(false);
    setBusy(true);
    return builder_->start(o);
}

void ReportDialog::onFinished(bool ok, const QString& message)
{
    setBusy(false);
    status_->setText(message);
    progress_->setVisible(ok);
    openPdf_->setVisible(ok);
    showFolder_->setVisible(ok);
}

void ReportDialog::setBusy(bool busy)
{
    progress_->setVisible(true);
    if (busy)
        progress_->setValue(0);
    export_->setEnabled(!busy);
    for (QWidget* w : std::initializer_list<QWidget*>{title_, runs_, topK_, sort_, pageSize_, output_, browse_})
        w->setEnabled(!busy);
    for (const auto& entry : sections_)
        entry.second->setEnabled(!busy);
    buttons_->button(QDialogButtonBox::Close)->setText(busy ? tr("Cancel") : tr("Close"));
}

void ReportDialog::chooseFile()
{
    const QString file =
        QFileDialog::getSaveFileName(this, tr("Save Report"), output_->text(), tr("PDF document (*.pdf)"));
    if (!file.isEmpty())
        output_->setText(file.endsWith(QLatin1String(".pdf"), Qt::CaseInsensitive) ? file
                                                                                   : file + QStringLiteral(".pdf"));
}

void ReportDialog::reject()
{
    if (builder_->isRunning()) {
        builder_->cancel(); // finished() follows once the current step returns; no file is left
        status_->setText(tr("Cancelling…"));
        return;
    }
    QDialog::reject();
}

} // namespace flipbench::ui
