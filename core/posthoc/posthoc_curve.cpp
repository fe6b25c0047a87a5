#include "flipbench/posthoc/posthoc_curve.h"

#include "flipbench/runs/plan_summary.h"
#include "flipbench/util/errors.h"
#include "flipbench/util/split_list.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace flipbench {

namespace {

double weightOf(const std::string& text, const std::string& option)
{
    char* end = nullptr;
    const double value = std::strtod(text.c_str(), &end);
    if (text.empty() || *end != '\0' || !std::isfinite(value))
        throw UserError(option + ": \"" + text + "\" is not a number");
    if (value < 0 || value > 1)
        throw UserError(option + ": every weight lies between 0 (the new model) and 1 (the old one), got " + text);
    return value;
}

} // namespace

std::vector<double> parseWeightGrid(const std::string& text, const std::string& option)
{
    std::vector<double> grid;
    const std::vector<std::string> range = splitList(text, ':');
    if (range.size() == 3) {
        const double start = weightOf(range[0], option), stop = weightOf(range[1], option);
        const double step = std::strtod(range[2].c_str(), nullptr);
        if (!(step > 0) || stop < start)
            throw UserError(option + ": START:STOP:STEP needs STOP >= START and STEP > 0, got " + text);
        const double count = std::floor((stop - start) / step + 1e-9) + 1;
        if (count > 201)
            throw UserError(option + ": " + text + " is " + std::to_string(static_cast<long long>(count)) +
                            " weights; at most 201");
        for (int i = 0; i < static_cast<int>(count); ++i)
            grid.push_back(std::min(stop, start + i * step));
    } else if (range.size() == 1) {
        for (const std::string& part : splitList(text, ','))
            grid.push_back(weightOf(part, option));
        if (grid.size() > 201)
            throw UserError(option + ": at most 201 weights, got " + std::to_string(grid.size()));
    } else {
        throw UserError(option + ": give START:STOP:STEP (0:1:0.1) or a list (0,0.25,0.5), got " + text);
    }
    grid.push_back(0);
    for (double& w : grid)
        w = std::round(w * 1e9) / 1e9; // 0.30000000000000004 is 0.3
    std::sort(grid.begin(), grid.end());
    grid.erase(std::unique(grid.begin(), grid.end()), grid.end());
    return grid;
}

std::vector<double> defaultWeightGrid()
{
    return parseWeightGrid("0:1:0.1");
}

void chooseOnValidation(PosthocCurve& curve, double tolerance, const std::string& parameter)
{
    if (curve.points.empty())
        throw UserError("no weights to choose from");
    const auto base =
        std::find_if(curve.points.begin(), curve.points.end(), [](const PosthocPoint& p) { return p.weight == 0; });
    const double floor = (base == curve.points.end() ? curve.points.front() : *base).valAccuracy - tolerance;
    int qualified = 0;
    size_t best = 0;
    bool found = false;
    for (size_t i = 0; i < curve.points.size(); ++i) {
        const PosthocPoint& p = curve.points[i];
        if (p.valAccuracy < floor - 1e-12)
            continue;
        ++qualified;
        if (!found || p.valNfr < curve.points[best].valNfr) {
            best = i;
            found = true;
        }
    }
    curve.chosen = best;
    char tol[32];
    std::snprintf(tol, sizeof tol, "%g", tolerance * 100);
    curve.reason = parameter + " = " +
                   [&] {
                       char w[32];
                       std::snprintf(w, sizeof w, "%g", curve.points[best].weight);
                       return std::string(w);
                   }() +
                   ": the lowest validation NFR (" + formatPercent(curve.points[best].valNfr) + ") among " +
                   std::to_string(qualified) + " weights within " + tol +
                   " point(s) of the new model's validation accuracy (" + formatPercent(floor + tolerance) + ")";
}

} // namespace flipbench
