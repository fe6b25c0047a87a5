#include "ui/app/welcome_panel.h"

#include "ui/app/download_dialog.h"

#include <flipbench/data/data_folder_summary.h>

#include <QFileDialog>
#include <QFrame>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QScrollArea>
#include <QVBoxLayout>

namespace flipbench::ui {

namespace {

QFrame* card(const QString& title, const QString& text, QWidget* actions, QWidget* parent)
{
    auto* frame = new QFrame(parent);
    frame->setObjectName(QStringLiteral("welcomeCard"));
    frame->setFrameShape(QFrame::StyledPanel);
    auto* heading = new QLabel(QStringLiteral("<b>%1</b>").arg(title), frame);
    auto* body = new QLabel(text, frame);
    body->setWordWrap(true);
    auto* layout = new QVBoxLayout(frame);
    layout->setContentsMargins(18, 14, 18, 14);
    layout->addWidget(heading);
    layout->addWidget(body);
    layout->addWidget(actions, 0, Qt::AlignLeft);
    return frame;
}

} // namespace

QString describeDataFolder(const QString& dir)
{
    const flipbench::DataFolderSummary summary = flipbench::inspectDataFolder(dir.toStdString());
    const QLocale locale;
    QString text =
        QObject::tr("%1 training and %2 test images, %3 classes (%4)")
            .arg(locale.toString(qlonglong(summary.trainImages)), locale.toString(qlonglong(summary.testImages)))
            .arg(summary.classNames.size())
            .arg(QString::fromStdString(summary.dir.string()));
    if (summary.kind == flipbench::DataFolderKind::ImageFolder && !summary.imported)
        text += QObject::tr("; image files, decoded into a cache when the first run starts");
    else if (summary.kind == flipbench::DataFolderKind::ImageFolder)
        text += summary.skippedFiles > 0 ? QObject::tr("; %1 unreadable image files left out").arg(summary.skippedFiles)
                                         : QObject::tr("; image folder, imported");
    return text;
}

WelcomePanel::WelcomePanel(QWidget* parent) : QWidget(parent)
{
    auto* title = new QLabel(tr("Welcome to Flipbench"), this);
    QFont titleFont = title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.8);
    titleFont.setBold(true);
    title->setFont(titleFont);
    auto* intro = new QLabel(tr("Train a new image classifier against an old one and see which images it breaks: "
                                "negative flips. Start with a data set."),
                             this);
    intro->setWordWrap(true);

    auto* demo = new QPushButton(tr("Create Demo Data and Open a Quick Plan"), this);
    demo->setObjectName(QStringLiteral("demoButton"));
    demo->setDefault(true);
    auto* choose = new QPushButton(tr("Choose CIFAR-10 Folder…"), this);
    choose->setObjectName(QStringLiteral("chooseCifarButton"));
    choose->setToolTip(tr("The cifar-10-batches-bin folder, or the folder holding it."));
    auto* chooseImages = new QPushButton(tr("Choose Image Folder…"), this);
    chooseImages->setObjectName(QStringLiteral("chooseImageFolderButton"));
    chooseImages->setToolTip(tr("A folder with train/<class>/ and test/<class>/ subfolders of PNG or JPEG files "
                                "(torchvision's ImageFolder layout)."));
    auto* download = new QPushButton(tr("Download CIFAR-10…"), this);
    download->setObjectName(QStringLiteral("downloadCifarButton"));
    download->setToolTip(tr("Downloads the official binary version (170 MB), checks it and unpacks it."));
    auto* cifarActions = new QWidget(this);
    auto* cifarActionsLayout = new QHBoxLayout(cifarActions);
    cifarActionsLayout->setContentsMargins(0, 0, 0, 0);
    cifarActionsLayout->addWidget(choose);
    cifarActionsLayout->addWidget(download);
    error_ = new QLabel(this);
    error_->setObjectName(QStringLiteral("dataErrorLabel"));
    error_->setWordWrap(true);
    error_->setStyleSheet(QStringLiteral("color: #b00020;"));
    error_->hide();

    workspace_ = new QLabel(this);
    workspace_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* changeWorkspace = new QPushButton(tr("Change Workspace…"), this);
    changeWorkspace->setFlat(true);

    connect(demo, &QPushButton::clicked, this, &WelcomePanel::demoRequested);
    connect(changeWorkspace, &QPushButton::clicked, this, &WelcomePanel::changeWorkspaceRequested);
    connect(choose, &QPushButton::clicked, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("CIFAR-10 Binary Folder"));
        if (!dir.isEmpty())
            tryDataFolder(dir);
    });
    // Either button takes either kind of folder: tryDataFolder tells them apart.
    connect(chooseImages, &QPushButton::clicked, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Image Folder (train/ and test/)"));
        if (!dir.isEmpty())
            tryDataFolder(dir);
    });
    connect(download, &QPushButton::clicked, this, [this] {
        auto* dialog = new DownloadDialog(DownloadDialog::defaultFolder(), this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        connect(dialog, &DownloadDialog::downloaded, this, [this](const QString& dir) { tryDataFolder(dir); });
        dialog->open();
    });

    auto* column = new QVBoxLayout;
    column->setSpacing(14);
    column->addWidget(title);
    column->addWidget(intro);
    column->addWidget(
        card(tr("Try it in a minute"),
             tr("Generates a small 10-class data set of shapes (12,000 training images, of which the plan "
                "holds 2,000 out for validation, and 10,000 test "
                "images, in a second) and opens the <i>cpu-quick</i> plan: an old model, a new "
                "baseline, and FD and LDI runs trained against the old one."),
             demo, this));
    column->addWidget(card(tr("Use CIFAR-10"),
                           tr("Pick the folder that holds <tt>cifar-10-batches-bin</tt> (the official binary "
                              "version: data_batch_1.bin … test_batch.bin, batches.meta.txt), or download it: "
                              "170 MB, checked against its published checksum."),
                           cifarActions, this));
    column->addWidget(card(tr("Use your own images"),
                           tr("Pick a folder with <tt>train/&lt;class&gt;/</tt> and <tt>test/&lt;class&gt;/</tt> "
                              "subfolders of PNG or JPEG images, one subfolder per class (torchvision's "
                              "ImageFolder layout). Images are resized to 32x32 and decoded into a cache when the "
                              "first run starts."),
                           chooseImages, this));
    column->addWidget(error_);
    auto* workspaceRow = new QHBoxLayout;
    workspaceRow->addWidget(workspace_, 1);
    workspaceRow->addWidget(changeWorkspace);
    column->addLayout(workspaceRow);

    // In a scroll area: the cards' wrapped text must not set a minimum height for the window.
    auto* content = new QWidget(this);
    auto* outer = new QHBoxLayout(content);
    outer->addStretch(1);
    auto* centre = new QVBoxLayout;
    centre->addStretch(1);
    centre->addLayout(column);
    centre->addStretch(2);
    outer->addLayout(centre, 3);
    outer->addStretch(1);
    auto* scroll = new QScrollArea(this);
    scroll->setWidget(content);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(scroll);
}

void WelcomePanel::setWorkspace(const QString& workspace)
{
    workspace_->setText(tr("Runs are saved in %1").arg(workspace));
}

bool WelcomePanel::tryDataFolder(const QString& dir)
{
    try {
        const QString summary = describeDataFolder(dir);
        error_->hide();
        Q_EMIT dataFolderAccepted(dir, summary);
        return true;
    } catch (const std::exception& e) {
        error_->setText(QString::fromUtf8(e.what()));
        error_->show();
        return false;
    }
}

QString WelcomePanel::errorText() const
{
    return error_->isHidden() ? QString() : error_->text();
}

} // namespace flipbench::ui
