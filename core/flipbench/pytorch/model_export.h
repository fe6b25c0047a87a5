#pragma once

// A run's weights handed back to PyTorch (`flipbench-cli export-model`): a state dict that
// torch.load reads, with the key names of torchvision's modules, or the same arrays as a NumPy
// .npz for users without PyTorch. docs/export.md gives the PyTorch module of each architecture.

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace flipbench {

enum class ExportFormat {
    TorchSave, ///< torch.save's ZIP format (a dict of tensors), read by torch.load
    Npz,       ///< numpy.savez's layout, read by numpy.load
};

struct ExportRequest {
    std::filesystem::path run;       ///< a completed run folder (trained or imported)
    std::string selection = "final"; ///< "final" (final.pt) or "best" (best.pt, the weights of the selected epoch)
    std::filesystem::path output;
    ExportFormat format = ExportFormat::TorchSave;
};

struct ExportSummary {
    std::string arch;
    int64_t numClasses = 0;
    std::filesystem::path weights; ///< the weights file read
    std::vector<std::string> keys; ///< in the module's order: parameters and buffers
    int64_t values = 0;            ///< numbers written
    bool matchesRunLogits = false; ///< these weights gave the run's logits.npy (its selection)
};

/// Writes the weights of `request.run` to `request.output` atomically. Throws UserError naming the
/// run and file when the run is not completed, has no such weights (best.pt exists only for runs
/// trained with train.selection best_val or best_test) or the output cannot be written.
ExportSummary exportModel(const ExportRequest& request);

} // namespace flipbench
