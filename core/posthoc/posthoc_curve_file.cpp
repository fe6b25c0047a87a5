#include "flipbench/posthoc/posthoc_curve_file.h"

#include "flipbench/util/atomic_file.h"
#include "flipbench/util/errors.h"
#include "flipbench/util/json_document.h"

#include <nlohmann/json.hpp>

namespace flipbench {

namespace fs = std::filesystem;

void writePosthocCurve(const fs::path& runDir, const PosthocCurveRecord& record)
{
    nlohmann::json points = nlohmann::json::array();
    for (const PosthocPoint& p : record.curve.points)
        points.push_back({{"weight", p.weight},
                          {"val_acc", p.valAccuracy},
                          {"val_nfr", p.valNfr},
                          {"val_pfr", p.valPfr},
                          {"test_acc", p.testAccuracy},
                          {"test_nfr", p.testNfr},
                          {"test_pfr", p.testPfr}});
    const nlohmann::json json = {{"kind", record.kind},
                                 {"parameter", record.parameter},
                                 {"chosen", record.curve.points.at(record.curve.chosen).weight},
                                 {"reason", record.curve.reason},
                                 {"points", points}};
    writeTextAtomically(runDir / "posthoc.json", json.dump(1));
}

std::optional<PosthocCurveRecord> readPosthocCurve(const fs::path& runDir)
{
    const fs::path file = runDir / "posthoc.json";
    std::error_code ec;
    if (!fs::is_regular_file(file, ec))
        return std::nullopt;
    const nlohmann::json json = readJsonDocument(file);
    PosthocCurveRecord record;
    try {
        record.kind = json.at("kind").get<std::string>();
        record.parameter = json.at("parameter").get<std::string>();
        record.curve.reason = json.at("reason").get<std::string>();
        const double chosen = json.at("chosen").get<double>();
        for (const nlohmann::json& p : json.at("points")) {
            PosthocPoint point;
            point.weight = p.at("weight").get<double>();
            point.valAccuracy = p.at("val_acc").get<double>();
            point.valNfr = p.at("val_nfr").get<double>();
            point.valPfr = p.value("val_pfr", 0.0); // absent in the first post-hoc runs
            point.testAccuracy = p.at("test_acc").get<double>();
            point.testNfr = p.at("test_nfr").get<double>();
            point.testPfr = p.value("test_pfr", 0.0);
            if (point.weight == chosen)
                record.curve.chosen = record.curve.points.size();
            record.curve.points.push_back(point);
        }
    } catch (const nlohmann::json::exception& e) {
        throw DataError(file.string() + ": not a post-hoc curve (" + e.what() + ")");
    }
    if (record.curve.points.empty())
        throw DataError(file.string() + ": a post-hoc curve without points");
    return record;
}

} // namespace flipbench
