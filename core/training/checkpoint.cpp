#include "flipbench/training/checkpoint.h"

#include "flipbench/util/atomic_file.h"
#include "flipbench/util/errors.h"

#include <torch/serialize.h>

namespace fs = std::filesystem;

namespace flipbench {

namespace {

std::string epochFile(const std::string& kind, int epoch)
{
    return kind + "-e" + std::to_string(epoch) + ".pt";
}

/// Serialises `archive` in memory, then writes the bytes atomically with checked writes. LibTorch
/// 1.13's file writer cannot fail cleanly: when a write fails (a full disk), its destructor throws
/// again while the first error unwinds, and the process aborts. Writing ourselves turns a full disk
/// into the user's error "Could not write FILE: ... the disk is full", with the previous checkpoint
/// untouched.
void saveArchive(torch::serialize::OutputArchive& archive, const fs::path& file)
{
    std::string bytes;
    archive.save_to([&bytes](const void* data, size_t size) {
        bytes.append(static_cast<const char*>(data), size);
        return size;
    });
    writeTextAtomically(file, bytes); // binary-safe: the file is opened in binary mode
}

} // namespace

void saveWeights(const fs::path& file, ClassifierImpl& model)
{
    torch::serialize::OutputArchive archive;
    model.save(archive);
    saveArchive(archive, file);
}

void loadWeights(const fs::path& file, ClassifierImpl& model, const torch::Device& device)
{
    if (!fs::is_regular_file(file))
        throw DataError("Missing weights file " + file.string());
    torch::serialize::InputArchive archive;
    archive.load_from(file.string(), device);
    model.load(archive);
}

void saveCheckpoint(const RunFolder& run, ClassifierImpl& model, torch::optim::Optimizer& optimizer,
                    const CheckpointState& state)
{
    const fs::path dir = run.file("checkpoint");
    fs::create_directories(dir);
    const int epoch = state.epochsDone;
    saveWeights(dir / epochFile("model", epoch), model);
    torch::serialize::OutputArchive optimizerArchive;
    optimizer.save(optimizerArchive);
    saveArchive(optimizerArchive, dir / epochFile("optimizer", epoch));
    const nlohmann::json json = {{"epochs_done", epoch},
                                 {"best_epoch", state.bestEpoch},
                                 {"best_score", state.bestScore},
                                 {"model", epochFile("model", epoch)},
                                 {"optimizer", epochFile("optimizer", epoch)}};
    run.writeJson("checkpoint/state.json", json);
    // Only now that state.json points at the new files are the previous epoch's files obsolete.
    std::error_code ignored;
    for (const auto& entry : fs::directory_iterator(dir, ignored)) {
        const std::string name = entry.path().filename().string();
        if (name != "state.json" && name != epochFile("model", epoch) && name != epochFile("optimizer", epoch))
            fs::remove(entry.path(), ignored);
    }
}

std::optional<CheckpointState> loadCheckpoint(const RunFolder& run, ClassifierImpl& model,
                                              torch::optim::Optimizer& optimizer, const torch::Device& device)
{
    if (!fs::is_regular_file(run.file("checkpoint/state.json")))
        return std::nullopt;
    const nlohmann::json json = run.readJson("checkpoint/state.json");
    CheckpointState state;
    state.epochsDone = json.value("epochs_done", 0);
    state.bestEpoch = json.value("best_epoch", 0);
    state.bestScore = json.value("best_score", -1.0);
    loadWeights(run.file("checkpoint/" + json.value("model", "")), model, device);
    torch::serialize::InputArchive archive;
    archive.load_from(run.file("checkpoint/" + json.value("optimizer", "")).string(), device);
    optimizer.load(archive);
    return state;
}

} // namespace flipbench
