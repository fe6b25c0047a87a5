// The report's "Over seeds" section: core's group table of the workspace against the report's
// reference A (the same rows as `flipbench-cli summary` and the Compare page's Seeds tab), the
// noise floor, each method's difference from retraining with its interval, and the choices.

#include "ui/report/report_pages.h"

#include <flipbench/statistics/group_table_format.h>

#include <vector>

namespace flipbench::ui {

namespace {

const QColor kChosenRow(223, 242, 223);
const QColor kBaselineRow(238, 244, 252);

QString fromStd(const std::string& text)
{
    return QString::fromStdString(text);
}

} // namespace

void drawSeedsSection(ReportCanvas& canvas, const ReportData& data)
{
    if (!data.seedGroups)
        return;
    const flipbench::GroupTable& groups = *data.seedGroups;
    const flipbench::GroupTableCells cells = flipbench::groupTableCells(groups);

    // The validation columns and PFR stay out of the portrait page, so every estimate keeps to one
    // line (the validation figures are in the choices below; the Seeds tab and `summary` have all).
    const std::vector<size_t> columns = {0, 1, 2, 3, 4, 8, 9, 10, 11};
    ReportTable table;
    for (const size_t c : columns)
        table.header << fromStd(cells.headers[c]);
    table.weights = {2.0, 0.3, 1.45, 1.45, 1.45, 2.0, 0.75, 2.0, 1.0};
    table.fontSize = 6.5;
    table.boldColumns = 1;
    for (size_t r = 0; r < cells.rows.size(); ++r) {
        ReportTable::Row row;
        for (const size_t c : columns)
            row.cells << fromStd(cells.rows[r][c]);
        const flipbench::GroupRow& group = groups.rows[r];
        if (group.chosen)
            row.background = kChosenRow;
        else if (group.isBaseline)
            row.background = kBaselineRow;
        table.rows.append(row);
    }

    canvas.section(QObject::tr("Over seeds: every group of runs against %1").arg(fromStd(groups.old)));
    canvas.paragraph(
        QObject::tr("The completed runs of this workspace, grouped by their settings (runs that differ only in the "
                    "seed), on %1 test images. Rates are in percent, mean ± sd over seeds; intervals are 95% and "
                    "add the spread between seeds to the sampling noise of the test images. Δ is against the "
                    "baseline %2 on the same images (* = the interval excludes 0). Each method's setting is "
                    "chosen on the validation split, as the lines below say.")
            .arg(groups.testSamples)
            .arg(fromStd(groups.baseline.empty() ? std::string("(none)") : groups.baseline)),
        8.5);
    canvas.table(table);
    canvas.paragraph(fromStd(flipbench::noiseFloorSentence(groups)), 8.5, QColor(30, 30, 30), true);
    // One line per method, label first: a definitions list would wrap the long grid labels.
    bool first = true;
    for (const flipbench::GroupRow& row : groups.rows) {
        if (row.verdict.empty())
            continue;
        if (first)
            canvas.heading(QObject::tr("Against retraining"));
        first = false;
        canvas.paragraph(fromStd(row.group.label + ": " + row.verdict), 8.5);
    }
    for (const std::string& sentence : flipbench::choiceSentences(groups))
        canvas.paragraph(fromStd(sentence), 8.5);
    for (const std::string& note : groups.notes)
        canvas.paragraph(QObject::tr("Note: %1").arg(fromStd(note)), 8, QColor(120, 80, 0));
}

} // namespace flipbench::ui
