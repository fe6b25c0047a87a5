// flipbench-cli: the headless front end of Flipbench (training, comparison, workspace listing).

#include "cli/arguments.h"
#include "cli/commands.h"

#include "../report_usage.h"

#include <flipbench/util/build_parts.h>
#include <flipbench/util/errors.h>
#include <flipbench/util/version.h>

#include <cstdio>
#include <functional>
#include <map>
#include <string>

namespace {

const char* const kUsage = R"(Usage: flipbench-cli COMMAND [ARGS]

Commands:
  train CONFIG.json --workspace DIR [--data DIR]
                       train a run; prints the run folder as the last line of stdout
  train --hyperparameters FILE.json --workspace DIR --data DIR
                       train from the seed notebook's hyperparameter dictionary
  train --preset NAME --workspace DIR [--data DIR]
                       train every run of a preset in order (see `presets`)
  presets              list the presets
  train --run RUN_DIR  train a queued run, or resume it (what a cluster task runs); exit 0 at
                       once when it has completed
  resume RUN_DIR       continue an interrupted or cancelled run from its last checkpoint
  compare A B [--workspace DIR] [--json] [--samples]
                       flip metrics of B (new) against A (old) on the same test set; A and B
                       are run folders or .result prediction files (matched by their labels),
                       or with --workspace the names of runs in it (as `list` shows them).
                       Either side may be an ensemble: its runs joined by commas, e.g.
                       `compare run1,run2,run3 runB` (the mean of their logits, as the GUI's
                       ensembles). --samples: the per-sample table instead of the summary, CSV
                       (index,label,pred_a,pred_b,p_true_a,p_true_b,outcome), or JSON lines
                       with --json; p_true is empty (null) for a side without logits
  pairwise RUN RUN [RUN ...] [--workspace DIR] [--json|--csv]
                       the NFR of every ordered pair (row = old, column = new) and each run's
                       accuracy, as the GUI's All runs tab; runs as for compare (ensembles too)
  check OLD NEW [--workspace DIR] RULE... [--json] [--junit FILE]
                       the update gate: exit 0 when NEW may replace OLD, 1 when a rule fails
                       (each failed rule with its figure and limit), 2 on a usage or data
                       error. OLD and NEW as for compare. Rules, any combination (percent of
                       the test set; "0.5" or "0.5%"): --max-nfr X, --max-nfr-over-floor X
                       (NFR minus the noise floor of the workspace's baseline group, or of
                       --baseline GROUP), --max-class-nf CLASS=K or CLASS=P% (repeatable;
                       CLASS a name, an index or * for every class), --min-accuracy-delta D
                       (points, may be negative), --max-nfr-upper X (upper end of NFR's 95%
                       interval), --protect FILE (test-sample indices, one per line, that
                       must not flip from right to wrong). --junit FILE: JUnit XML, one test
                       case per rule
  sweep SPEC.json --workspace DIR [--data DIR] [--dry-run] [--retry-failed]
                       train a grid of settings over several seeds (README, "Sweeps"): shows
                       the run count and an estimated time, then trains; run it again after a
                       crash or Ctrl-C and it skips completed runs and resumes interrupted ones.
                       --dry-run lists the runs and what each would do
  sweep SPEC.json --workspace DIR --slurm [--partition P] [--gpus-per-task N] [--time T]
        [--max-parallel K] [--sbatch-arg ARG]... [--cli PATH] [--no-submit] [--retry-failed]
                       submit the sweep to a SLURM cluster as job arrays (README, "Sweeps on a
                       SLURM cluster"): queues its run folders, writes DIR/slurm/NAME/ (one
                       array script per stage, submit.sh) and runs submit.sh, or prints it
                       with --no-submit; DIR and the binary must be on a shared file system
  sweep-status DIR [--sweep NAME]
                       each run of a SLURM sweep: its folder's state, host and heartbeat, and
                       squeue's/sacct's word; failed tasks with their error file and the
                       command that runs them again (exit 1 when any failed)
  summary --workspace DIR [--sweep NAME] [--old RUN] [--baseline GROUP] [--tolerance POINTS]
          [--choose-on-test] [--json|--csv|--markdown]
                       the group table: runs that differ only in their seed grouped, each
                       rate as mean ± sd (n) with a 95% interval, the noise floor of
                       retraining, every method's NFR change against the baseline with its
                       interval, and each family's setting chosen on the validation split
                       (lowest validation NFR within --tolerance accuracy points, 1 by default)
  import-images ROOT [--on-error skip|refuse] [--threads N]
                       decode an image folder (ROOT/train/<class>/*.png|jpg, ROOT/test/<class>/...)
                       into its cache and report images per class and every unreadable file;
                       --data accepts such a ROOT wherever it accepts a CIFAR-10 folder
  import-model FILE --workspace DIR --data DIR [--arch resnet18] [--name N] [--test-limit N]
                       evaluate a torchvision-layout state dict (torch.save) on the test set and
                       store it as a completed run, usable as a reference and in compare
  export-model RUN -o FILE [--selection final|best] [--format pth|npz]
                       write a run's weights as a state dict with torchvision's key names:
                       torch.load reads FILE (pth), numpy.load with --format npz; --selection
                       best: the weights of the epoch train.selection chose (docs/export.md)
  posthoc fusion|bcwi OLD NEW --workspace DIR [--grid 0:1:0.1] [--tolerance POINTS] [--name N]
                       a compatible model without retraining, stored as a run: fusion mixes the
                       logits, (1-b) z_new + b z_old (both models at inference); bcwi the
                       weights of a new run fine-tuned from OLD, (1-a) new + a old, batch-norm
                       statistics recomputed. The weight is chosen on validation (lowest NFR
                       within --tolerance accuracy points of NEW, 1 by default); prints the curve
  list --workspace DIR list the runs of a workspace: status, method, reference, model, epochs,
                       test accuracy and NFR against the reference (last epoch)
  make-demo-data DIR [--seed N] [--train N] [--test N] [--label-noise P] [--ambiguous P]
                       write a generated 10-class data set to DIR/cifar-10-batches-bin
                       (--ambiguous: share of images with two shapes, the label naming
                       either; 0.25 by default)
  download-cifar10 DIR [--url URL] [--sha256 HEX]
                       download, verify and unpack CIFAR-10 into DIR/cifar-10-batches-bin
                       (resumes an interrupted download; --url: a mirror, a file:// URL or a
                       local path; --sha256: that file's checksum when it is another build;
                       exit 1 on a network, disk or checksum error or Ctrl-C)
  version              print the Flipbench and LibTorch versions and the parts built (below)
  report ...           the PDF comparison report is made by the desktop binary, because it
                       draws with Qt (it needs no display):
                       flipbench report --workspace DIR RUN_A RUN_B [RUN ...] -o report.pdf

Exit codes: 0 success, 1 run failed or cancelled (check: a rule fails), 2 usage, config or data
error.
)";

/// The optional parts of this build, for --help and `version`: what each gives and, when it is
/// left out, how to rebuild with it. The commands of a missing part answer with exit code 2.
std::string partsText()
{
    std::string text = "Parts of this build:\n";
    for (const flipbench::BuildPartInfo& part : flipbench::buildParts()) {
        char line[64];
        std::snprintf(line, sizeof line, "  %-14s %s  ", part.name.c_str(), part.built ? "yes" : "no ");
        text += line + part.features + "\n";
        if (!part.built)
            text += "                     not built (" + part.note + "); rebuild with -D" + part.option +
                    "=ON after installing " + part.packages + "\n";
    }
    return text;
}

} // namespace

int main(int argc, char** argv)
{
    using namespace flipbench::cli;
    const std::map<std::string, std::function<int(const std::vector<std::string>&)>> commands = {
        {"train", commandTrain},
        {"resume", commandResume},
        {"compare", commandCompare},
        {"pairwise", commandPairwise},
        {"check", commandCheck},
        {"export-model", commandExportModel},
        {"posthoc", commandPosthoc},
        {"sweep", commandSweep},
        {"sweep-status", commandSweepStatus},
        {"summary", commandSummary},
        {"list", commandList},
        {"make-demo-data", commandMakeDemoData},
        {"import-model", commandImportModel},
        {"import-images", commandImportImages},
        {"presets", commandPresets},
        {"download-cifar10", commandDownloadCifar10},
    };
    if (argc < 2 || std::string(argv[1]) == "--help" || std::string(argv[1]) == "-h" ||
        std::string(argv[1]) == "help") {
        std::fputs(kUsage, argc < 2 ? stderr : stdout);
        std::fputs(("\n" + partsText()).c_str(), argc < 2 ? stderr : stdout);
        return argc < 2 ? kExitUsage : kExitOk;
    }
    const std::string name = argv[1];
    if (name == "version" || name == "--version") {
        std::printf("flipbench %s (LibTorch %s)\nparts: %s\n\n%s", flipbench::flipbenchVersion().c_str(),
                    flipbench::libtorchVersion().c_str(), flipbench::builtPartsList().c_str(), partsText().c_str());
        return kExitOk;
    }
    if (name == "report") {
        std::fprintf(stderr,
                     "flipbench-cli: the PDF report is made by the desktop binary, flipbench, because it draws "
                     "with Qt; it runs without a display too:\n\n%s",
                     flipbench::app::kReportUsage);
        return kExitUsage;
    }
    const auto command = commands.find(name);
    if (command == commands.end()) {
        std::fprintf(stderr, "flipbench-cli: unknown command \"%s\"\n\n%s", name.c_str(), kUsage);
        return kExitUsage;
    }
    try {
        return command->second(std::vector<std::string>(argv + 2, argv + argc));
    } catch (const UsageError& e) {
        std::fprintf(stderr, "flipbench-cli %s: %s\n\n%s", name.c_str(), e.message.c_str(), kUsage);
        return kExitUsage;
    } catch (const flipbench::UserError& e) {
        std::fprintf(stderr, "flipbench-cli %s: %s\n", name.c_str(), e.what());
        return kExitUsage;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "flipbench-cli %s: unexpected error: %s\n", name.c_str(), e.what());
        return kExitRunFailed;
    }
}
