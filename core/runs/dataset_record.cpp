#include "flipbench/runs/dataset_record.h"

#include "flipbench/util/atomic_file.h"
#include "flipbench/util/errors.h"
#include "flipbench/util/json_document.h"

#include <nlohmann/json.hpp>

namespace flipbench {

DatasetRecord readDatasetRecord(const std::filesystem::path& file)
{
    const nlohmann::json j = readJsonDocument(file);
    DatasetRecord r;
    try {
        const auto optionalInteger = [&](const char* key) -> std::optional<int64_t> {
            const auto it = j.find(key);
            if (it == j.end() || it->is_null())
                return std::nullopt;
            return it->get<int64_t>();
        };
        r.fingerprint = j.value("fingerprint", "");
        r.classNames = j.value("class_names", std::vector<std::string>{});
        r.source = j.value("source", "");
        r.trainSize = optionalInteger("train_size");
        r.valSize = optionalInteger("val_size");
        r.testSize = optionalInteger("test_size");
        r.layout = j.value("layout", "");
        r.imageCache = j.value("image_cache", "");
        r.skippedFiles = optionalInteger("skipped_files");
    } catch (const nlohmann::json::exception& e) {
        throw DataError(file.string() + " is damaged: " + e.what());
    }
    return r;
}

void writeDatasetRecord(const std::filesystem::path& file, const DatasetRecord& r)
{
    nlohmann::json j = {{"fingerprint", r.fingerprint}, {"class_names", r.classNames}, {"source", r.source}};
    const auto setIf = [&](const char* key, const std::optional<int64_t>& value) {
        if (value)
            j[key] = *value;
    };
    setIf("train_size", r.trainSize);
    setIf("val_size", r.valSize);
    setIf("test_size", r.testSize);
    if (!r.layout.empty())
        j["layout"] = r.layout;
    if (!r.imageCache.empty())
        j["image_cache"] = r.imageCache;
    setIf("skipped_files", r.skippedFiles);
    writeTextAtomically(file, j.dump(2) + "\n");
}

} // namespace flipbench
