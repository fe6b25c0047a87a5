#include "flipbench/gate/gate_report.h"

#include <nlohmann/json.hpp>

#include <cstdio>

namespace flipbench {

namespace {

std::string number(double value, const std::string& unit)
{
    char text[48];
    if (unit == "flips")
        std::snprintf(text, sizeof text, "%.0f", value);
    else if (unit == "points")
        std::snprintf(text, sizeof text, "%+.2f", value);
    else
        std::snprintf(text, sizeof text, "%.2f%%", value);
    return text;
}

/// "figure <= limit" (or >= for a lower bound) in the rule's unit.
std::string comparison(const RuleResult& rule)
{
    const bool lowerBound = rule.id == "min-accuracy-delta";
    const char* op = rule.passed ? (lowerBound ? ">=" : "<=") : (lowerBound ? "<" : ">");
    const std::string unit = rule.unit == "points" ? " points" : rule.unit == "flips" ? " flips" : "";
    return number(rule.figure, rule.unit) + " " + op + " " + number(rule.limit, rule.unit) + unit;
}

std::string flipLine(const ProtectedFlip& f)
{
    return "sample " + std::to_string(f.index) + ": label " + std::to_string(f.label) + ", old predicts " +
           std::to_string(f.predOld) + ", new predicts " + std::to_string(f.predNew);
}

std::string xmlEscaped(const std::string& text)
{
    std::string out;
    out.reserve(text.size());
    for (char ch : text) {
        switch (ch) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        case '\'':
            out += "&apos;";
            break;
        default:
            // XML 1.0 forbids most control characters even escaped; a name from a file could hold one.
            if (static_cast<unsigned char>(ch) < 0x20 && ch != '\n' && ch != '\t' && ch != '\r')
                out += '?';
            else
                out += ch;
        }
    }
    return out;
}

} // namespace

std::vector<std::string> describeGateVerdict(const GateVerdict& verdict)
{
    std::vector<std::string> lines;
    lines.push_back("Update gate: " + verdict.newName + " (new) against " + verdict.oldName + " (old), " +
                    std::to_string(verdict.samples) + " test samples");
    for (const RuleResult& rule : verdict.rules) {
        lines.push_back(std::string(rule.passed ? "  PASS  " : "  FAIL  ") + rule.description + ": " +
                        comparison(rule));
        lines.push_back("        " + rule.detail);
        for (const ProtectedFlip& f : rule.protectedFlips)
            lines.push_back("        " + flipLine(f));
    }
    lines.push_back(verdict.passed() ? "The update may ship: every rule passes."
                                     : "The update may not ship: " + std::to_string(verdict.failures()) + " of " +
                                           std::to_string(verdict.rules.size()) + " rules fail.");
    return lines;
}

nlohmann::json gateVerdictJson(const GateVerdict& verdict)
{
    nlohmann::json rules = nlohmann::json::array();
    for (const RuleResult& rule : verdict.rules) {
        nlohmann::json flips = nlohmann::json::array();
        for (const ProtectedFlip& f : rule.protectedFlips)
            flips.push_back({{"index", f.index}, {"label", f.label}, {"pred_old", f.predOld}, {"pred_new", f.predNew}});
        nlohmann::json r = {
            {"id", rule.id},     {"description", rule.description}, {"figure", rule.figure}, {"limit", rule.limit},
            {"unit", rule.unit}, {"passed", rule.passed},           {"detail", rule.detail}};
        if (rule.id == "protect")
            r["protected_flips"] = flips;
        rules.push_back(r);
    }
    return {{"passed", verdict.passed()}, {"old", verdict.oldName},         {"new", verdict.newName},
            {"samples", verdict.samples}, {"failures", verdict.failures()}, {"rules", rules}};
}

std::string gateJUnitXml(const GateVerdict& verdict)
{
    std::string xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    const std::string counts = " tests=\"" + std::to_string(verdict.rules.size()) + "\" failures=\"" +
                               std::to_string(verdict.failures()) + "\" errors=\"0\"";
    xml += "<testsuites name=\"flipbench check\"" + counts + ">\n";
    xml += "  <testsuite name=\"flipbench check: " + xmlEscaped(verdict.newName) + " against " +
           xmlEscaped(verdict.oldName) + "\"" + counts + ">\n";
    for (const RuleResult& rule : verdict.rules) {
        xml += "    <testcase classname=\"flipbench.check." + xmlEscaped(rule.id) + "\" name=\"" +
               xmlEscaped(rule.description) + "\"";
        if (rule.passed) {
            xml += ">\n      <system-out>" + xmlEscaped(comparison(rule) + "; " + rule.detail) +
                   "</system-out>\n    </testcase>\n";
            continue;
        }
        std::string text = rule.detail;
        for (const ProtectedFlip& f : rule.protectedFlips)
            text += "\n" + flipLine(f);
        xml += ">\n      <failure message=\"" + xmlEscaped(comparison(rule)) + "\" type=\"" + xmlEscaped(rule.id) +
               "\">" + xmlEscaped(text) + "</failure>\n    </testcase>\n";
    }
    xml += "  </testsuite>\n</testsuites>\n";
    return xml;
}

} // namespace flipbench
