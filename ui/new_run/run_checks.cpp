#include "ui/new_run/run_checks.h"

#include <flipbench/data/data_folder_summary.h>
#include <flipbench/runs/dataset_record.h>
#include <flipbench/training/device_names.h>
#include <flipbench/util/errors.h>

#include <nlohmann/json.hpp>

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QObject>
#include <QThread>

#include <algorithm>

namespace flipbench::ui {

namespace {

QString fromStd(const std::string& text)
{
    return QString::fromStdString(text);
}

/// The path a core error message starts with ("train.lr: must be > 0" -> "train.lr").
QString pathOf(const QString& message)
{
    const int colon = message.indexOf(':');
    return colon > 0 && !message.left(colon).contains(' ') ? message.left(colon) : QString();
}

/// GPU models from the NVIDIA driver's /proc files: cheap, and no CUDA call on the GUI thread.
QStringList nvidiaGpuNames()
{
    QStringList names;
    const QDir dir("/proc/driver/nvidia/gpus");
    for (const QString& bus : dir.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name)) {
        QFile file(dir.filePath(bus + "/information"));
        if (!file.open(QIODevice::ReadOnly))
            continue;
        for (const QByteArray& line : file.readAll().split('\n'))
            if (line.startsWith("Model:"))
                names << QString::fromUtf8(line.mid(6)).trimmed();
    }
    return names;
}

bool sameRun(const flipbench::RunSummary& run, const QString& reference, const QString& workspace)
{
    const QString dir = QDir::cleanPath(fromStd(run.dir.string()));
    if (reference == fromStd(run.name) || QDir::cleanPath(reference) == dir)
        return true;
    return QDir::isRelativePath(reference) && QDir::cleanPath(workspace + '/' + reference) == dir;
}

/// The number of test images a completed run was evaluated on (its dataset.json), or -1.
qint64 recordedTestSize(const std::filesystem::path& dir)
{
    try {
        return flipbench::readDatasetRecord(RunFolder::open(dir).file("dataset.json")).testSize.value_or(-1);
    } catch (const std::exception&) {
        return -1;
    }
}

QString sizeMismatch(const QString& name, qint64 recorded, qint64 testImages)
{
    if (recorded < 0 || testImages < 0 || recorded == testImages)
        return {};
    return QObject::tr("run %1 was evaluated on %2 test images, this run tests on %3; use the same data folder and "
                       "test_limit, or flips cannot be compared")
        .arg(name)
        .arg(recorded)
        .arg(testImages);
}

/// Why `reference` cannot serve run `index` of the plan (which tests on `testImages` images, -1 when
/// unknown), or an empty string. `arch` receives the reference's architecture when it is known.
QString referenceProblem(const QString& reference, const QList<RunDraft>& plan, int index, const RunConfig& config,
                         qint64 testImages, const PlanContext& context, QString* arch)
{
    for (int i = 0; i < plan.size(); ++i) {
        if (draftName(plan[i]) != reference)
            continue;
        if (i == index)
            return QObject::tr("a run cannot be its own reference");
        if (i > index)
            return QObject::tr("\"%1\" comes later in this plan; a run can only use runs trained before it")
                .arg(reference);
        if (absoluteDataPath(plan[i].value("data.path").toString()) != fromStd(config.data.path) ||
            plan[i].value("data.test_limit").toLongLong() != config.data.testLimit)
            return QObject::tr("run %1 of this plan tests on other images (its data folder or test_limit differs); "
                               "flips against it could not be compared")
                .arg(reference);
        *arch = plan[i].value("model.arch").toString();
        return {};
    }
    for (const auto& run : context.workspaceRuns) {
        if (!sameRun(run, reference, context.workspace))
            continue;
        if (run.status.state != RunState::Completed)
            return QObject::tr("run %1 is %2; only a completed run can be a reference")
                .arg(fromStd(run.name), fromStd(toString(run.status.state)));
        *arch = fromStd(run.arch);
        return sizeMismatch(fromStd(run.name), context.testSizes.value(fromStd(run.dir.string()), -1), testImages);
    }
    // A run folder elsewhere (another workspace), named by its path.
    const QString dir = QDir::isRelativePath(reference) ? context.workspace + '/' + reference : reference;
    try {
        const RunFolder run = RunFolder::open(dir.toStdString());
        if (run.readStatus().state == RunState::Completed)
            return sizeMismatch(reference, recordedTestSize(run.dir()), testImages);
    } catch (const std::exception&) {
    }
    return QObject::tr("\"%1\" is not a completed run of this workspace or an earlier run of this plan").arg(reference);
}

void checkData(const RunConfig& config, const flipbench::DataFolderSummary& data, QList<FieldProblem>& problems)
{
    const int64_t available =
        config.data.trainLimit > 0 ? std::min(config.data.trainLimit, data.trainImages) : data.trainImages;
    if (config.data.valSize > 0 && config.data.valSize >= available)
        problems.append({"data.val_size", QObject::tr("data.val_size: %1 validation images requested but only %2 "
                                                      "training images are available; use fewer")
                                              .arg(config.data.valSize)
                                              .arg(available)});
}

void checkDevice(const RunConfig& config, const PlanContext& context, QList<FieldProblem>& problems)
{
    const QString device = fromStd(config.train.device);
    const bool hasCuda = std::any_of(context.devices.begin(), context.devices.end(),
                                     [](const QString& d) { return d.startsWith("cuda"); });
    if (device != "auto" && !context.devices.contains(device) && !(device == "cuda" && hasCuda))
        problems.append({"train.device", QObject::tr("train.device: %1 is not available on this machine (it has %2)")
                                             .arg(device, context.devices.join(", "))});
    else if (config.train.precision == "bf16" && (device == "cpu" || (device == "auto" && !hasCuda)))
        problems.append({"train.precision", QObject::tr("train.precision: bf16 needs a CUDA device; this run would "
                                                        "train on the CPU, so use fp32")});
}

} // namespace

QString absoluteDataPath(const QString& path)
{
    QString text = path.trimmed();
    if (text.isEmpty())
        return text;
    if (text == "~" || text.startsWith("~/"))
        text = QDir::homePath() + text.mid(1);
    return QDir::cleanPath(QFileInfo(text).absoluteFilePath());
}

PlanContext makePlanContext(const QString& workspace)
{
    PlanContext context;
    context.workspace = workspace;
    try {
        context.workspaceRuns = listRuns(workspace.toStdString());
    } catch (const std::exception&) {
        // A workspace that cannot be listed offers no references; the main window reports it.
    }
    for (const auto& run : context.workspaceRuns)
        if (run.status.state == RunState::Completed)
            context.testSizes.insert(fromStd(run.dir.string()), recordedTestSize(run.dir));
    for (const auto& device : availableDevices())
        context.devices << fromStd(device);
    return context;
}

QList<Choice> deviceChoices(const QStringList& devices)
{
    QStringList gpuNames = nvidiaGpuNames();
    const int cudaCount =
        int(std::count_if(devices.begin(), devices.end(), [](auto& d) { return d.startsWith("cuda"); }));
    // The driver lists GPUs by bus, CUDA may order them otherwise: name them only when that cannot matter.
    const bool namesFit = qEnvironmentVariableIsEmpty("CUDA_VISIBLE_DEVICES") && gpuNames.size() == cudaCount &&
                          gpuNames.count(gpuNames.value(0)) == gpuNames.size();
    QList<Choice> choices = {{"auto", QObject::tr("auto (first GPU if there is one, else CPU)")}};
    for (const QString& device : devices) {
        if (device == "cpu")
            choices.append({device, QObject::tr("cpu (%1 cores)").arg(QThread::idealThreadCount())});
        else
            choices.append({device, namesFit && cudaCount > 0 ? device + " - " + gpuNames.first() : device});
    }
    return choices;
}

RunCheck checkRun(const QList<RunDraft>& plan, int index, const PlanContext& context)
{
    RunCheck check;
    const RunDraft& draft = plan.at(index);
    QList<FieldProblem>& problems = check.problems;
    nlohmann::json json = draftToJson(draft, &problems);
    const QString dataPath = absoluteDataPath(draft.value("data.path").toString());
    json["data"]["path"] = dataPath.toStdString();

    std::optional<DataFolderSummary> data;
    if (dataPath.isEmpty()) {
        check.dataSummary = QObject::tr("Choose a CIFAR-10 folder or an image folder, or demo data.");
    } else {
        try {
            // A CIFAR-10 binary folder, or an image folder (counted by file name, imported when a run starts).
            data = inspectDataFolder(dataPath.toStdString());
            check.dataSummary = fromStd(describeDataFolder(*data));
            check.dataOk = true;
        } catch (const std::exception& e) {
            check.dataSummary = fromStd(e.what());
        }
    }

    try {
        check.config = parseRunConfig(json);
    } catch (const ConfigError& e) {
        QString message = fromStd(e.what());
        if (pathOf(message) == "method.reference" && draftReferences(draft).isEmpty())
            message = QObject::tr("method.reference: %1 trains against an old model; check one run in the list, or "
                                  "several for an ensemble")
                          .arg(draftMethod(draft).toUpper());
        problems.append({pathOf(message), message});
    }
    if (!data)
        problems.append({"data.path", "data.path: " + check.dataSummary});
    if (!check.config)
        return check;
    const RunConfig& config = *check.config;

    const QString name = fromStd(config.name);
    for (int i = 0; i < index; ++i)
        if (draftName(plan[i]) == name)
            problems.append(
                {"name", QObject::tr("name: run %1 of this plan is also called \"%2\"").arg(i + 1).arg(name)});
    if (data)
        checkData(config, *data, problems);
    const qint64 testImages = !data                       ? -1
                              : config.data.testLimit > 0 ? std::min(config.data.testLimit, data->testImages)
                                                          : data->testImages;
    for (const auto& reference : config.method.reference) {
        QString arch;
        const QString why = referenceProblem(fromStd(reference), plan, index, config, testImages, context, &arch);
        if (!why.isEmpty()) {
            problems.append({"method.reference", "method.reference: " + why});
            break;
        }
        if (config.method.initFromReference && !arch.isEmpty() && arch != fromStd(config.model.arch))
            problems.append({"method.init_from_reference",
                             QObject::tr("method.init_from_reference: the reference is a %1 but this run trains a "
                                         "%2; pick the same model or train from scratch")
                                 .arg(arch, fromStd(config.model.arch))});
    }
    checkDevice(config, context, problems);
    return check;
}

} // namespace flipbench::ui
