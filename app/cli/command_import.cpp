#include "cli/arguments.h"
#include "cli/commands.h"

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

} // namespace flipbench::cli
