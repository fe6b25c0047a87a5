#pragma once

#include <QWidget>

class QLabel;
class QPushButton;

namespace flipbench::ui {

/// First-run page, shown while no data set is configured: create the demo data and open a ready
/// plan, pick (or download) a CIFAR-10 folder, or pick a folder of one's own images (checked at
/// once; the reader's error is shown when it is not one).
class WelcomePanel final : public QWidget {
    Q_OBJECT
public:
    explicit WelcomePanel(QWidget* parent = nullptr);

    void setWorkspace(const QString& workspace);
    /// Checks a folder as a CIFAR-10 binary folder or an image folder (nothing decoded); on success
    /// emits dataFolderAccepted, otherwise shows why it is not one. Returns whether it was accepted.
    bool tryDataFolder(const QString& dir);
    QString errorText() const;

Q_SIGNALS:
    void demoRequested();
    void dataFolderAccepted(const QString& dir, const QString& summary);
    void changeWorkspaceRequested();

private:
    QLabel* workspace_;
    QLabel* error_;
};

/// "50,000 training and 10,000 test images, 10 classes (DIR)" for a CIFAR-10 binary folder or an
/// image folder (then also whether it is imported and how many unreadable files were left out), or
/// throws flipbench::DataError with the reader's message.
QString describeDataFolder(const QString& dir);

} // namespace flipbench::ui
