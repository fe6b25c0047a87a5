#include "ui/compare/comparison.h"

#include "flipbench/util/errors.h"
#include "flipbench/metrics/flip_metrics.h"
#include "flipbench/runs/run_predictions.h"
#include "flipbench/runs/run_store.h"
#include "ui/compare/model_source.h"

#include <torch/torch.h>

#include <cmath>
#include <limits>

namespace fs = std::filesystem;

namespace flipbench::ui {

namespace {

fs::path toPath(const QString& text)
{
    return fs::path(text.toStdU32String());
}

QString toQString(const fs::path& path)
{
    return QString::fromStdU32String(path.u32string());
}

/// Softmax of N x C logits, computed in double like compareLogits so pTrue matches its values.
torch::Tensor softmaxOf(const torch::Tensor& logits)
{
    return torch::softmax(logits.to(torch::kFloat64), 1).contiguous();
}

QVector<float> toFloatVector(const torch::Tensor& probs)
{
    const auto f = probs.to(torch::kFloat32).contiguous();
    const float* p = f.data_ptr<float>();
    return QVector<float>(p, p + f.numel());
}

QStringList classNamesOf(const RunPredictions& a, const RunPredictions& b, int numClasses)
{
    const auto& named = !a.classNames.empty() ? a.classNames : b.classNames;
    QStringList names;
    for (int c = 0; c < numClasses; ++c)
        names << (c < static_cast<int>(named.size()) ? QString::fromStdString(named[static_cast<size_t>(c)])
                                                     : QString::number(c));
    return names;
}

/// A run folder's data folder and test-set size from dataset.json (what the trainer evaluated);
/// config.json's data section for runs written before dataset.json carried them.
bool readImageSource(const RunPredictions& p, QString* dir, qint64* limit)
{
    std::error_code ec;
    if (!fs::is_directory(p.dir, ec))
        return false; // a .result file: it does not say where its images came from
    try {
        const RunFolder run = RunFolder::open(p.dir);
        const auto dataset = run.readJson("dataset.json");
        std::string source = dataset.value("source", "");
        int64_t size = dataset.value("test_size", int64_t{0});
        if (source.empty() && fs::is_regular_file(run.file("config.json"))) {
            const auto config = run.readJson("config.json");
            if (config.contains("data") && config["data"].is_object()) {
                source = config["data"].value("path", "");
                size = config["data"].value("test_limit", int64_t{0});
            }
        }
        if (source.empty())
            return false;
        *dir = QString::fromStdString(source);
        *limit = size;
        return true;
    } catch (const std::exception&) {
        return false; // images are a convenience: a damaged file only costs the pictures
    }
}

/// Everything but the loading: one pass over the samples plus the core's report copied verbatim.
Comparison buildComparison(const RunPredictions& a, const RunPredictions& b)
{
    const bool probs = a.logits.defined() && b.logits.defined();
    int64_t numClasses = probs ? a.logits.size(1) : 0;
    if (!probs) {
        // Predicted classes only: the class count is whatever the names and values cover.
        numClasses = std::max<int64_t>(a.classNames.size(), b.classNames.size());
        for (const auto& t : {a.predictions, b.predictions, a.labels})
            numClasses = std::max<int64_t>(numClasses, t.max().item<int64_t>() + 1);
    }
    const FlipReport report = probs ? compareLogits(a.logits, b.logits, a.labels)
                                    : comparePredictions(a.predictions, b.predictions, a.labels, numClasses);

    Comparison c;
    c.nameA = QString::fromStdString(a.name);
    c.nameB = QString::fromStdString(b.name);
    c.pathA = toQString(a.dir);
    c.pathB = toQString(b.dir);
    c.numClasses = static_cast<int>(numClasses);
    c.classNames = classNamesOf(a, b, c.numClasses);
    c.hasProbabilities = probs;
    c.accA = report.accA;
    c.accB = report.accB;
    c.nfr = report.nfr;
    c.pfr = report.pfr;
    c.nfi = report.nfi;
    c.btc = report.btc;
    c.bec = report.bec;
    c.bothCorrect = report.table.bothCorrect;
    c.negativeFlips = report.table.negativeFlips;
    c.positiveFlips = report.table.positiveFlips;
    c.bothWrong = report.table.bothWrong;
    for (const auto& row : report.negativeFlipMatrix)
        c.negativeFlipMatrix.append(QVector<qint64>(row.begin(), row.end()));

    const auto labels = a.labels.to(torch::kInt64).contiguous();
    const auto predA = a.predictions.to(torch::kInt64).contiguous();
    const auto predB = b.predictions.to(torch::kInt64).contiguous();
    const int64_t n = labels.numel();
    const int64_t* y = labels.data_ptr<int64_t>();
    const int64_t* pa = predA.data_ptr<int64_t>();
    const int64_t* pb = predB.data_ptr<int64_t>();
    const double* sa = nullptr;
    const double* sb = nullptr;
    torch::Tensor softA, softB;
    if (probs) {
        softA = softmaxOf(a.logits);
        softB = softmaxOf(b.logits);
        sa = softA.data_ptr<double>();
        sb = softB.data_ptr<double>();
        c.probsA = toFloatVector(softA);
        c.probsB = toFloatVector(softB);
    }
    const float nan = std::numeric_limits<float>::quiet_NaN();
    c.samples.resize(static_cast<int>(n));
    for (int64_t i = 0; i < n; ++i) {
        SampleOutcome& s = c.samples[static_cast<int>(i)];
        s.index = static_cast<int>(i);
        s.label = static_cast<int>(y[i]);
        s.predA = static_cast<int>(pa[i]);
        s.predB = static_cast<int>(pb[i]);
        if (probs) {
            const double* rowA = sa + i * numClasses;
            const double* rowB = sb + i * numClasses;
            s.confA = static_cast<float>(rowA[pa[i]]);
            s.confB = static_cast<float>(rowB[pb[i]]);
            s.pTrueA = static_cast<float>(rowA[y[i]]);
            s.pTrueB = static_cast<float>(rowB[y[i]]);
        } else {
            s.confA = s.confB = s.pTrueA = s.pTrueB = nan;
        }
    }
    return c;
}

/// A run folder, a prediction file, or an ensemble key: its members' mean logits as one model.
RunPredictions loadModel(const QString& key)
{
    if (!isEnsembleKey(key))
        return loadPredictions(toPath(key));
    const QStringList paths = modelPaths(key);
    if (paths.size() < 2)
        throw UserError("An ensemble needs at least two runs; choose more members or compare the run itself.");
    std::vector<RunPredictions> members;
    std::vector<torch::Tensor> logits;
    for (const QString& path : paths) {
        members.push_back(loadPredictions(toPath(path)));
        if (!members.back().logits.defined())
            throw UserError("Cannot average " + members.back().dir.string() +
                            " into an ensemble: it holds predicted classes only, no logits.");
        if (members.size() > 1)
            requireSameTestSet(members.front(), members.back());
        logits.push_back(members.back().logits);
    }
    RunPredictions ensemble = members.front();
    ensemble.name = modelDisplayName(key).toStdString();
    ensemble.logits = ensembleLogits(logits);
    ensemble.predictions = ensemble.logits.argmax(1);
    return ensemble;
}

} // namespace

Comparison computeComparison(const QString& pathA, const QString& pathB)
{
    const RunPredictions a = loadModel(pathA);
    const RunPredictions b = loadModel(pathB);
    const std::string note = requireSameTestSet(a, b);
    Comparison c = buildComparison(a, b);
    c.note = QString::fromStdString(note);
    c.fingerprint = QString::fromStdString(!a.fingerprint.empty() ? a.fingerprint : b.fingerprint);
    c.pathA = pathA; // the key, so an ensemble can be compared again and swapped
    c.pathB = pathB;
    // A's images first: both were checked to be the same test set, so either folder will do.
    if (!readImageSource(a, &c.imageSourceDir, &c.testLimit))
        readImageSource(b, &c.imageSourceDir, &c.testLimit);
    return c;
}

Comparison comparisonFromLogits(const QVector<float>& logitsA, const QVector<float>& logitsB,
                                const QVector<qint64>& labels, int numClasses, const QStringList& classNames)
{
    const int64_t n = labels.size();
    if (numClasses <= 0 || logitsA.size() != n * numClasses || logitsB.size() != n * numClasses)
        throw UserError("comparisonFromLogits: logits must hold " + std::to_string(n) + " x " +
                        std::to_string(numClasses) + " values");
    auto side = [&](const QVector<float>& logits, const char* name) {
        RunPredictions p;
        p.name = name;
        p.logits = torch::from_blob(const_cast<float*>(logits.constData()), {n, numClasses}, torch::kFloat32).clone();
        p.labels = torch::from_blob(const_cast<qint64*>(labels.constData()), {n}, torch::kInt64).clone();
        p.predictions = p.logits.argmax(1);
        for (const QString& c : classNames)
            p.classNames.push_back(c.toStdString());
        return p;
    };
    return buildComparison(side(logitsA, "A"), side(logitsB, "B"));
}

} // namespace flipbench::ui
