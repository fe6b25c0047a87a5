#pragma once

#include <flipbench/config/config_diff.h>

#include <QDialog>

#include <vector>

class QTableWidget;

namespace flipbench::ui {

/// The settings of two runs' config.json that differ, one row each (setting, value in A, value in
/// B): what changed between two runs without reading both files side by side. Not modal, so it can
/// stay open next to the run table and the Compare page.
class ConfigDiffDialog final : public QDialog {
    Q_OBJECT
public:
    ConfigDiffDialog(const QString& nameA, const QString& nameB,
                     const std::vector<flipbench::ConfigDifference>& differences, QWidget* parent = nullptr);

    QTableWidget* table() const { return table_; }

private:
    QTableWidget* table_;
};

} // namespace flipbench::ui
