#pragma once

// Which model a comparison side is: one run folder (trained or imported with import-model), one
// `.result` prediction file, or an ensemble of run folders that acts as one model. The CLI and the
// GUI both describe a side this way, so both load it through the same code (model_loader.h).
// No LibTorch header: the GUI builds these on its thread.

#include <filesystem>
#include <string>
#include <vector>

namespace flipbench {

struct ModelSource {
    /// One path for a single model; the members of an ensemble, in the order given.
    std::vector<std::filesystem::path> members;
    /// Explicitly an ensemble, even with fewer than two members: loading then refuses it with a
    /// message instead of quietly comparing a single run under an ensemble's name.
    bool ensemble = false;

    static ModelSource single(std::filesystem::path path) { return {{std::move(path)}, false}; }
    static ModelSource ensembleOf(std::vector<std::filesystem::path> members) { return {std::move(members), true}; }

    /// The folder or file name, or "Ensemble (a + b + c)" (as the GUI's model combo shows it).
    std::string displayName() const;
    /// The paths as given, comma-joined: what a message or a JSON field names.
    std::string describe() const;
};

} // namespace flipbench
