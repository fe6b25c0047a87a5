#include "cli/arguments.h"
#include "cli/commands.h"

#include <flipbench/pytorch/model_export.h>
#include <flipbench/pytorch/model_import.h>

#include <cstdio>

namespace flipbench::cli {

int commandImportModel(const std::vector<std::string>& args)
{
    const Arguments a(args, {"arch", "workspace", "data", "name", "test-limit", "device"}, {});
    a.requirePositionals(1, "FILE (a PyTorch state dict saved with torch.save)");
    ImportRequest request;
    request.file = a.positionals()[0];
    request.arch = a.value("arch").value_or("resnet18");
    request.workspace = a.required("workspace");
    request.dataPath = a.required("data");
    request.name = a.value("name").value_or("");
    request.device = a.value("device").value_or("auto");
    if (const auto limit = a.value("test-limit")) {
        try {
            request.testLimit = std::stoll(*limit);
        } catch (const std::exception&) {
            throw UsageError{"--test-limit must be an integer, got \"" + *limit + "\""};
        }
        if (request.testLimit < 0)
            throw UsageError{"--test-limit must be >= 0"};
    }
    const RunFolder run = importModel(request);
    std::fprintf(stderr, "%s\n", run.readStatus().message.c_str());
    std::printf("%s\n", run.dir().string().c_str());
    return kExitOk;
}

int commandExportModel(const std::vector<std::string>& args)
{
    // -o, as `flipbench report` and most tools spell it, is --output.
    std::vector<std::string> spelled = args;
    for (std::string& arg : spelled)
        if (arg == "-o")
            arg = "--output";
    const Arguments a(spelled, {"output", "selection", "format"}, {});
    a.requirePositionals(1, "RUN (a completed run folder)");
    ExportRequest request;
    request.run = a.positionals()[0];
    const auto output = a.value("output");
    if (!output)
        throw UsageError{"export-model needs -o FILE (e.g. -o model.pth, or -o model.npz with --format npz)"};
    request.output = *output;
    request.selection = a.value("selection").value_or("final");
    const std::string format = a.value("format").value_or("pth");
    if (format == "npz")
        request.format = ExportFormat::Npz;
    else if (format != "pth")
        throw UsageError{"--format must be pth (torch.load) or npz (numpy.load), got \"" + format + "\""};
    const ExportSummary summary = exportModel(request);
    std::fprintf(stderr, "Exported %s (%s, %lld classes): %zu tensors, %lld values from %s%s\n",
                 request.run.filename().string().c_str(), summary.arch.c_str(),
                 static_cast<long long>(summary.numClasses), summary.keys.size(),
                 static_cast<long long>(summary.values), summary.weights.filename().string().c_str(),
                 summary.matchesRunLogits ? "" : " (not the weights the run's logits.npy came from: see --selection)");
    std::printf("%s\n", request.output.string().c_str());
    return kExitOk;
}

} // namespace flipbench::cli
