#include "flipbench/statistics/group_table_format.h"

#include "flipbench/runs/plan_summary.h"

#include <cmath>
#include <sstream>

namespace flipbench {

namespace {

std::string number(double value, const char* format = "%.2f")
{
    if (std::isnan(value))
        return "";
    char text[32];
    std::snprintf(text, sizeof text, format, value);
    return text;
}

std::string seedsText(const RunGroup& group)
{
    std::string text;
    for (const uint64_t seed : group.seeds)
        text += (text.empty() ? "" : " ") + std::to_string(seed);
    return text;
}

std::string role(const GroupRow& row)
{
    if (row.isOld)
        return "old model";
    if (row.isBaseline)
        return "baseline";
    return row.chosen ? "chosen" : "";
}

/// "82.43 ± 0.31" in percent points, for table cells.
std::string cell(const std::optional<RateEstimate>& e)
{
    if (!e)
        return "-";
    std::string text = number(e->mean * 100);
    if (e->n >= 2)
        text += " ± " + number(e->sd * 100);
    return text;
}

std::string intervalCell(const std::optional<RateEstimate>& e)
{
    if (!e || !e->interval.valid())
        return "-";
    return number(e->interval.low * 100) + "–" + number(e->interval.high * 100);
}

std::string differenceCell(const std::optional<RateDifference>& d)
{
    if (!d)
        return "-";
    return number(d->difference * 100, "%+.2f") + " [" + number(d->interval.low * 100, "%+.2f") + ", " +
           number(d->interval.high * 100, "%+.2f") + "]" + (d->excludesZero ? " *" : "");
}

std::string relativeCell(const std::optional<double>& r)
{
    return r ? number(*r * 100, "%+.0f") + "%" : "-";
}

nlohmann::json estimateJson(const std::optional<RateEstimate>& e)
{
    if (!e)
        return nullptr;
    return {{"mean", e->mean},
            {"sd", std::isnan(e->sd) ? nlohmann::json(nullptr) : nlohmann::json(e->sd)},
            {"n", e->n},
            {"low", e->interval.low},
            {"high", e->interval.high},
            {"interval", e->intervalMethod}};
}

nlohmann::json differenceJson(const std::optional<RateDifference>& d)
{
    if (!d)
        return nullptr;
    return {{"difference", d->difference},
            {"low", d->interval.low},
            {"high", d->interval.high},
            {"excludes_zero", d->excludesZero},
            {"df", std::isinf(d->degreesOfFreedom) ? nlohmann::json(nullptr) : nlohmann::json(d->degreesOfFreedom)},
            {"method", d->method}};
}

} // namespace

std::string noiseFloorSentence(const GroupTable& table)
{
    if (table.noiseFloor.n == 0)
        return "Noise floor: not measured (the baseline needs at least 2 seeds).";
    return "Noise floor (NFR between independently retrained baselines, " + std::to_string(table.noiseFloor.n) +
           " ordered pairs of seeds): " + formatPercent(table.noiseFloor.mean) +
           (table.noiseFloor.n >= 2 ? " ± " + number(table.noiseFloor.sd * 100) + " points" : "") +
           ". Any retraining churns this much.";
}

std::vector<std::string> choiceSentences(const GroupTable& table)
{
    std::vector<std::string> sentences;
    for (const FamilyChoice& choice : table.choices)
        sentences.push_back("Chosen for " + choice.family + ": " + (choice.chosen.empty() ? "none" : choice.chosen) +
                            " (" + choice.reason + ")");
    return sentences;
}

GroupTableCells groupTableCells(const GroupTable& table)
{
    GroupTableCells cells;
    cells.headers = {"group",        "n",       "accuracy",      "NFR",       "NFR 95% CI",         "PFR",
                     "val accuracy", "val NFR", "ΔNFR [95% CI]", "ΔNFR rel.", "Δaccuracy [95% CI]", "role"};
    for (const GroupRow& row : table.rows)
        cells.rows.push_back({row.group.label, std::to_string(row.group.runs.size()), cell(row.accuracy), cell(row.nfr),
                              intervalCell(row.nfr), cell(row.pfr), cell(row.valAccuracy), cell(row.valNfr),
                              differenceCell(row.nfrChange), relativeCell(row.relativeNfrChange),
                              differenceCell(row.accuracyChange), role(row)});
    return cells;
}

std::string formatEstimate(const RateEstimate& e)
{
    std::string text = formatPercent(e.mean);
    if (e.n >= 2)
        text += " ± " + number(e.sd * 100);
    text += " (n " + std::to_string(e.n) + ")";
    if (e.interval.valid())
        text += ", 95% CI " + number(e.interval.low * 100) + "–" + number(e.interval.high * 100) + "%";
    return text;
}

std::string formatEstimateCompact(const RateEstimate& e)
{
    return formatPercent(e.mean) + (e.n >= 2 ? " ± " + number(e.sd * 100) : "");
}

std::string formatDifference(const RateDifference& d)
{
    return number(d.difference * 100, "%+.2f") + " points, 95% CI " + number(d.interval.low * 100, "%+.2f") + " to " +
           number(d.interval.high * 100, "%+.2f") + (d.excludesZero ? " (excludes 0)" : " (includes 0)");
}

std::vector<std::string> describeGroupTable(const GroupTable& table)
{
    std::vector<std::string> lines;
    lines.push_back("Against the old model " + table.old + " on " + std::to_string(table.testSamples) + " test images" +
                    (table.baseline.empty() ? "" : "; baseline: " + table.baseline) +
                    ". Rates in percent: mean ± sd over seeds [95% interval].");
    for (const GroupRow& row : table.rows) {
        std::string line = row.group.label + " (" + row.group.method + ", n " + std::to_string(row.group.runs.size()) +
                           (role(row).empty() ? "" : ", " + role(row)) + "): accuracy " + cell(row.accuracy) + " [" +
                           intervalCell(row.accuracy) + "]";
        if (row.nfr)
            line += ", NFR " + cell(row.nfr) + " [" + intervalCell(row.nfr) + "], PFR " + cell(row.pfr);
        if (row.valNfr)
            line += ", validation accuracy " + cell(row.valAccuracy) + " NFR " + cell(row.valNfr);
        lines.push_back(line);
        if (!row.verdict.empty())
            lines.push_back("    " + row.verdict);
    }
    lines.push_back(noiseFloorSentence(table));
    for (const std::string& sentence : choiceSentences(table))
        lines.push_back(sentence);
    for (const std::string& note : table.notes)
        lines.push_back("Note: " + note);
    return lines;
}

std::string groupTableMarkdown(const GroupTable& table)
{
    std::ostringstream out;
    out << "Against the old model `" << table.old << "` on " << table.testSamples
        << " test images. Rates in percent, mean ± sd over seeds; intervals are 95%; "
           "Δ is against the baseline `"
        << table.baseline << "` (* = the interval excludes 0).\n\n";
    const GroupTableCells cells = groupTableCells(table);
    const auto line = [&out](const std::vector<std::string>& values) {
        out << "|";
        for (const std::string& value : values)
            out << " " << value << " |";
        out << "\n";
    };
    line(cells.headers);
    line(std::vector<std::string>(cells.headers.size(), "---"));
    for (const auto& row : cells.rows)
        line(row);
    out << "\n" << noiseFloorSentence(table) << "\n";
    for (const FamilyChoice& choice : table.choices)
        out << "\n- Chosen for " << choice.family << ": "
            << (choice.chosen.empty() ? "none" : "`" + choice.chosen + "`") << " (" << choice.reason << ")";
    for (const std::string& note : table.notes)
        out << "\n- Note: " << note;
    out << "\n";
    return out.str();
}

std::string groupTableCsv(const GroupTable& table)
{
    std::ostringstream out;
    out << "label,method,family,n,seeds,role,acc_mean,acc_sd,acc_low,acc_high,nfr_mean,nfr_sd,nfr_low,nfr_high,"
           "pfr_mean,pfr_sd,val_acc_mean,val_nfr_mean,d_nfr,d_nfr_low,d_nfr_high,d_nfr_excludes_0,rel_nfr,"
           "d_acc,d_acc_low,d_acc_high\n";
    const auto quote = [](const std::string& text) {
        std::string q = "\"";
        for (const char c : text)
            q += c == '"' ? std::string("\"\"") : std::string(1, c);
        return q + "\"";
    };
    const auto estimate = [&](const std::optional<RateEstimate>& e, bool withInterval) {
        if (!e)
            return std::string(withInterval ? ",,," : ",");
        std::string text = number(e->mean, "%.6f") + "," + number(e->sd, "%.6f");
        if (withInterval)
            text += "," + number(e->interval.low, "%.6f") + "," + number(e->interval.high, "%.6f");
        return text;
    };
    const auto difference = [&](const std::optional<RateDifference>& d, bool withFlag) {
        if (!d)
            return std::string(withFlag ? ",,," : ",,");
        return number(d->difference, "%.6f") + "," + number(d->interval.low, "%.6f") + "," +
               number(d->interval.high, "%.6f") + (withFlag ? std::string(",") + (d->excludesZero ? "1" : "0") : "");
    };
    for (const GroupRow& row : table.rows) {
        out << quote(row.group.label) << "," << row.group.method << "," << quote(row.group.family) << ","
            << row.group.runs.size() << "," << seedsText(row.group) << "," << role(row) << ","
            << estimate(row.accuracy, true) << "," << estimate(row.nfr, true) << "," << estimate(row.pfr, false) << ","
            << (row.valAccuracy ? number(row.valAccuracy->mean, "%.6f") : "") << ","
            << (row.valNfr ? number(row.valNfr->mean, "%.6f") : "") << "," << difference(row.nfrChange, true) << ","
            << (row.relativeNfrChange ? number(*row.relativeNfrChange, "%.6f") : "") << ","
            << difference(row.accuracyChange, false) << "\n";
    }
    return out.str();
}

nlohmann::json groupTableJson(const GroupTable& table)
{
    nlohmann::json rows = nlohmann::json::array();
    for (const GroupRow& row : table.rows) {
        nlohmann::json runs = nlohmann::json::array();
        for (const auto& run : row.group.runs)
            runs.push_back(run.filename().string());
        rows.push_back({{"label", row.group.label},
                        {"method", row.group.method},
                        {"family", row.group.family},
                        {"sweep", row.group.sweep},
                        {"point", row.group.point},
                        {"runs", runs},
                        {"seeds", row.group.seeds},
                        {"role", role(row)},
                        {"accuracy", estimateJson(row.accuracy)},
                        {"nfr", estimateJson(row.nfr)},
                        {"pfr", estimateJson(row.pfr)},
                        {"val_accuracy", estimateJson(row.valAccuracy)},
                        {"val_nfr", estimateJson(row.valNfr)},
                        {"nfr_change", differenceJson(row.nfrChange)},
                        {"relative_nfr_change",
                         row.relativeNfrChange ? nlohmann::json(*row.relativeNfrChange) : nlohmann::json(nullptr)},
                        {"accuracy_change", differenceJson(row.accuracyChange)},
                        {"verdict", row.verdict}});
    }
    nlohmann::json choices = nlohmann::json::array();
    for (const FamilyChoice& c : table.choices)
        choices.push_back(
            {{"family", c.family}, {"chosen", c.chosen}, {"optimistic", c.optimistic}, {"reason", c.reason}});
    return {
        {"old", table.old},
        {"baseline", table.baseline},
        {"test_samples", table.testSamples},
        {"val_samples", table.valSamples},
        {"noise_floor",
         {{"mean", std::isnan(table.noiseFloor.mean) ? nlohmann::json(nullptr) : nlohmann::json(table.noiseFloor.mean)},
          {"sd", std::isnan(table.noiseFloor.sd) ? nlohmann::json(nullptr) : nlohmann::json(table.noiseFloor.sd)},
          {"pairs", table.noiseFloor.n}}},
        {"groups", rows},
        {"choices", choices},
        {"notes", table.notes}};
}

} // namespace flipbench
