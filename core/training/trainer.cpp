#include "flipbench/training/trainer.h"

#include "flipbench/data/augment.h"
#include "flipbench/training/autocast_guard.h"
#include "flipbench/training/checkpoint.h"
#include "flipbench/models/classifier.h"
#include "flipbench/training/device.h"
#include "flipbench/methods/distillation_losses.h"
#include "flipbench/training/evaluation.h"
#include "flipbench/data/fingerprint.h"
#include "flipbench/metrics/flip_metrics.h"
#include "flipbench/training/loss_balance.h"
#include "flipbench/training/lr_schedule.h"
#include "flipbench/pytorch/npy.h"
#include "flipbench/methods/reference_models.h"
#include "flipbench/training/training_clock.h"

#include <torch/torch.h>

#include <cmath>
#include <optional>
#include <sstream>

namespace F = torch::nn::functional;

namespace flipbench {

namespace {

/// Seed for epoch `epoch` of a run seeded with `seed` (splitmix64 finaliser): each epoch's shuffle
/// and augmentation depend only on (seed, epoch), which is what makes resume exact.
uint64_t epochSeed(uint64_t seed, int epoch)
{
    uint64_t z = seed + 0x9e3779b97f4a7c15ULL * static_cast<uint64_t>(epoch + 1);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return (z ^ (z >> 31)) >> 1; // keep it positive for APIs that take int64
}

std::string formatLoss(double value)
{
    std::ostringstream out;
    out << value;
    return out.str();
}

struct StepLosses {
    torch::Tensor total;
    torch::Tensor crossEntropy;
    torch::Tensor distillation; ///< zero for a baseline
};

class Trainer {
public:
    Trainer(const RunFolder& run, const RunConfig& config, const SplitDataset& data, ProgressSink& sink,
            const CancelToken& cancel)
        : run_(run), config_(config), train_(config.train), data_(data), sink_(sink), cancel_(cancel)
    {
    }

    TrainOutcome run();

private:
    void setUp();
    /// Runs one epoch; returns false when it stopped early (cancel or divergence; outcome_ says which).
    bool trainEpoch(int epoch);
    void setUpReference();
    StepLosses lossesFor(const torch::Tensor& logits, const torch::Tensor& labels, const torch::Tensor& oldLogits);
    void endEpoch(int epoch, double trainLoss, double trainAccuracy, double seconds);
    void finish();
    void setStatus(RunState state, const std::string& message);
    /// Rewrites status.json between steps so that other hosts see the run is alive (best effort).
    void heartbeat();
    double selectionScore(double testAcc, double valAcc) const
    {
        return train_.selection == "best_val" ? valAcc : testAcc;
    }

    const RunFolder& run_;
    const RunConfig& config_;
    const TrainConfig& train_;
    const SplitDataset& data_;
    ProgressSink& sink_;
    const CancelToken& cancel_;

    torch::Device device_{torch::kCPU};
    bool useBf16_ = false;
    Classifier model_;
    std::unique_ptr<torch::optim::SGD> optimizer_;
    torch::Tensor trainImages_, trainLabels_;
    ReferenceModels references_;
    torch::Tensor oldTrainLogits_;               ///< on the device; defined when inputs are not augmented
    torch::Tensor referenceTest_, referenceVal_; ///< the reference's logits, for per-epoch NFR/PFR
    int64_t stepsPerEpoch_ = 0;
    std::optional<LossBalanceMonitor> lossBalance_; ///< FD/LDI runs that mix both terms
    CheckpointState checkpoint_;
    RunStatus status_;
    TrainOutcome outcome_;
    TrainingClock clock_;
    /// Training time of the run's earlier sessions, and when this one began: status.json records
    /// their sum, so a run cancelled in the evening and resumed in the morning lasts what it trained.
    double secondsBefore_ = 0;
    TrainingClock::TimePoint sessionStart_ = TrainingClock::now();
    /// The last status.json write: the heartbeat that tells other hosts this run still trains.
    TrainingClock::TimePoint lastStatusWrite_ = TrainingClock::now();
};

/// The time a run recorded before training_seconds existed: the sum of its epochs' training time.
double loggedEpochSeconds(const RunFolder& run)
{
    double seconds = 0;
    for (const EpochRecord& record : run.readMetrics().epochs)
        seconds += record.seconds.value_or(0.0);
    return seconds;
}

void Trainer::setUp()
{
    // Read first: if anything below fails, the failed status still carries the run's history.
    status_ = run_.readStatus();
    secondsBefore_ = status_.trainingSeconds ? *status_.trainingSeconds : loggedEpochSeconds(run_);
    configureCpuThreads(train_.threads);
    device_ = resolveDevice(train_.device);
    // "auto" may land on the CPU, where bf16 autocast is not offered: train in fp32 there.
    useBf16_ = train_.precision == "bf16" && device_.is_cuda();
    if (train_.precision == "bf16" && !useBf16_)
        sink_.message("precision bf16 applies to CUDA only; training in fp32 on the CPU");
    torch::manual_seed(train_.seed);
    model_ = makeClassifier(config_.model.arch, data_.numClasses());
    if (config_.model.fcInit == "kaiming_fan_out")
        reinitClassifierLayer(*model_);
    model_->to(device_);
    optimizer_ = std::make_unique<torch::optim::SGD>(model_->parameters(), torch::optim::SGDOptions(train_.lr)
                                                                               .momentum(train_.momentum)
                                                                               .weight_decay(train_.weightDecay)
                                                                               .nesterov(train_.nesterov));
    setUpReference();
    if (auto restored = loadCheckpoint(run_, *model_, *optimizer_, device_)) {
        checkpoint_ = *restored;
        // A run that failed after its last epoch (writing final.pt or the logits) only has those left.
        if (checkpoint_.epochsDone >= train_.epochs)
            sink_.message("Resuming " + run_.name() + ": all " + std::to_string(train_.epochs) +
                          " epochs are trained; writing the final weights and test logits");
        else
            sink_.message("Resuming " + run_.name() + " after epoch " + std::to_string(checkpoint_.epochsDone));
    }
    // Records of an epoch that was cut short are replayed from the checkpoint (or from scratch), so
    // they must go; this also covers a run interrupted before its first checkpoint.
    if (std::filesystem::exists(run_.file("metrics.jsonl")))
        run_.truncateMetrics(checkpoint_.epochsDone);
    trainImages_ = data_.train.images.to(device_);
    trainLabels_ = data_.train.labels.to(device_);
    stepsPerEpoch_ = (data_.train.size() + train_.batchSize - 1) / train_.batchSize;
    const MethodConfig& method = config_.method;
    const bool mixesBothTerms = method.usesReference() && method.kdLossWeight > 0 &&
                                (!method.kdAlpha || (*method.kdAlpha > 0 && *method.kdAlpha < 1));
    if (mixesBothTerms) // "many steps": 50, or the whole epoch when it is shorter
        lossBalance_.emplace(method.name, std::min<int64_t>(50, stepsPerEpoch_));

    status_.device = describeDevice(device_);
    status_.epochs = train_.epochs;
    status_.epochsDone = checkpoint_.epochsDone;
    if (status_.started.empty())
        status_.started = nowIso8601();
    status_.finished.clear();
    status_.host = thisHostName(); // kept in the final status: where the run trained last
    status_.job = currentSchedulerJob();
    setStatus(RunState::Running, "");
    sink_.message("Training " + run_.name() + " (" + config_.model.arch + ") on " + status_.device + ": " +
                  std::to_string(data_.train.size()) + " training images, " + std::to_string(stepsPerEpoch_) +
                  " steps per epoch");
    sink_.runStarted(run_.name(), train_.epochs, stepsPerEpoch_);
    clock_.start(train_.epochs - checkpoint_.epochsDone, stepsPerEpoch_);
}

void Trainer::setUpReference()
{
    const MethodConfig& method = config_.method;
    if (method.reference.empty())
        return;
    std::vector<ReferenceRun> runs;
    const std::string fingerprint = datasetFingerprint(data_.test);
    for (const auto& reference : method.reference)
        runs.push_back(resolveReferenceRun(reference, run_.dir().parent_path(), fingerprint, "method.reference"));
    references_ = ReferenceModels(runs, data_.numClasses(), device_);
    if (method.initFromReference) // a resumed run's checkpoint overrides this right after
        loadWeights(runs.front().weights, *model_, device_);

    const int64_t evalBatch = std::max<int64_t>(train_.batchSize, 256);
    referenceTest_ = references_.logitsFor(data_.test, evalBatch);
    if (data_.val.size() > 0)
        referenceVal_ = references_.logitsFor(data_.val, evalBatch);
    // Without augmentation every epoch sees the same inputs, so the old logits are computed once
    // (the seed notebook's case); with augmentation they are computed per batch.
    if (method.usesReference() && !train_.augment.crop && !train_.augment.flip)
        oldTrainLogits_ = references_.logitsFor(data_.train, evalBatch).to(device_);
    sink_.message("Reference: " +
                  (runs.size() == 1 ? runs.front().name : "ensemble of " + std::to_string(runs.size()) + " runs"));
}

StepLosses Trainer::lossesFor(const torch::Tensor& logits, const torch::Tensor& labels, const torch::Tensor& oldLogits)
{
    const MethodConfig& method = config_.method;
    auto ce = F::cross_entropy(logits, labels, F::CrossEntropyFuncOptions().label_smoothing(train_.labelSmoothing));
    if (!method.usesReference())
        return {ce, ce, torch::zeros_like(ce)};
    const auto reg = method.name == "fd" ? focalDistillationLoss(logits, oldLogits, labels, method.fd)
                                         : logitDifferenceLoss(logits, oldLogits, labels, method.ldi);
    return {combineLosses(ce, reg, method.kdAlpha, method.kdLossWeight), ce, reg};
}

bool Trainer::trainEpoch(int epoch)
{
    torch::manual_seed(epochSeed(train_.seed, epoch));
    const int64_t n = data_.train.size();
    const auto order = torch::randperm(n, torch::kInt64).to(device_);
    model_->train();
    double lossSum = 0;
    torch::Tensor correct = torch::zeros({}, torch::TensorOptions().dtype(torch::kInt64).device(device_));
    const auto epochStart = TrainingClock::now();
    clock_.restartStepTimer(); // evaluation and checkpointing of the last epoch are not a step

    for (int64_t step = 0; step < stepsPerEpoch_; ++step) {
        if (cancel_.isCancelled()) {
            outcome_ = {RunState::Cancelled,
                        "Cancelled during epoch " + std::to_string(epoch + 1) + "; the checkpoint after epoch " +
                            std::to_string(checkpoint_.epochsDone) + " is kept and can be resumed.",
                        checkpoint_.epochsDone};
            return false;
        }
        const int64_t begin = step * train_.batchSize;
        const auto index = order.slice(0, begin, std::min(begin + train_.batchSize, n));
        auto images = normalizeImages(trainImages_.index_select(0, index));
        if (train_.augment.crop)
            images = randomCropReflect(images, 4);
        if (train_.augment.flip)
            images = randomHorizontalFlip(images);
        const auto labels = trainLabels_.index_select(0, index);

        const double lr = learningRateAt(train_, epoch, step, stepsPerEpoch_);
        for (auto& group : optimizer_->param_groups())
            static_cast<torch::optim::SGDOptions&>(group.options()).lr(lr);

        torch::Tensor oldLogits, logits;
        StepLosses losses;
        {
            CudaBf16Autocast autocast(useBf16_);
            if (config_.method.usesReference())
                oldLogits =
                    oldTrainLogits_.defined() ? oldTrainLogits_.index_select(0, index) : references_.logits(images);
            logits = model_->forward(images);
            losses = lossesFor(logits, labels, oldLogits);
        }
        // One device-to-host copy per step for both numbers: on CUDA each .item() is a sync.
        const auto lossValues =
            torch::stack({losses.total.detach().to(torch::kFloat32), losses.crossEntropy.detach().to(torch::kFloat32),
                          losses.distillation.detach().to(torch::kFloat32)})
                .to(torch::kCPU, torch::kFloat64);
        const double loss = lossValues[0].item<double>();
        const double ce = lossValues[1].item<double>();
        const double reg = lossValues[2].item<double>();
        if (!std::isfinite(loss)) {
            outcome_ = {RunState::Failed,
                        "Training diverged at epoch " + std::to_string(epoch + 1) + ", step " +
                            std::to_string(step + 1) + " of " + std::to_string(stepsPerEpoch_) +
                            ": loss = " + formatLoss(loss) + " (cross-entropy " + formatLoss(ce) + ", distillation " +
                            formatLoss(reg) + ", learning rate " + formatLoss(lr) +
                            "). The weights are no longer usable. Try a lower learning rate (train.lr), "
                            "gradient clipping (train.grad_clip, e.g. 1.0) or a warm-up (train.warmup_epochs).",
                        checkpoint_.epochsDone};
            StepRecord diverged;
            diverged.epoch = epoch + 1;
            diverged.step = step + 1;
            diverged.crossEntropy = ce; // no loss (null on disk), no global step
            diverged.distillation = reg;
            diverged.lr = lr;
            diverged.diverged = true;
            run_.appendMetrics(diverged);
            return false;
        }
        optimizer_->zero_grad();
        losses.total.backward();
        if (train_.gradClip > 0)
            torch::nn::utils::clip_grad_norm_(model_->parameters(), train_.gradClip);
        optimizer_->step();

        if (lossBalance_) {
            const MethodConfig& method = config_.method;
            const double ceWeight = method.kdAlpha ? 1 - *method.kdAlpha : 1.0;
            const double regWeight = (method.kdAlpha ? *method.kdAlpha : 1.0) * method.kdLossWeight;
            if (auto warning = lossBalance_->observe(epoch + 1, step + 1, ceWeight * ce, regWeight * reg)) {
                sink_.message(*warning);
                run_.appendMetrics(WarningRecord{epoch + 1, step + 1, *warning});
            }
        }
        lossSum += loss * static_cast<double>(index.size(0));
        correct += logits.detach().argmax(1).eq(labels).sum(); // stays on the device until the epoch ends

        StepProgress progress;
        progress.epoch = epoch + 1;
        progress.epochs = train_.epochs;
        progress.step = step + 1;
        progress.stepsPerEpoch = stepsPerEpoch_;
        progress.globalStep = epoch * stepsPerEpoch_ + step + 1;
        progress.loss = loss;
        progress.crossEntropy = ce;
        progress.distillation = reg;
        progress.lr = lr;
        progress.logged = (step + 1) % train_.logEvery == 0 || step + 1 == stepsPerEpoch_;
        clock_.stepDone(index.size(0), progress);
        sink_.step(progress);
        if (progress.logged)
            run_.appendMetrics(stepRecordOf(progress));
        if (TrainingClock::secondsSince(lastStatusWrite_) >= kHeartbeatSeconds)
            heartbeat();
    }
    endEpoch(epoch, lossSum / static_cast<double>(n), correct.item<double>() / static_cast<double>(n),
             TrainingClock::secondsSince(epochStart));
    return true;
}

void Trainer::endEpoch(int epoch, double trainLoss, double trainAccuracy, double seconds)
{
    const int64_t evalBatch = std::max<int64_t>(train_.batchSize, 256);
    const auto testLogits = computeLogits(*model_, data_.test, device_, evalBatch);
    EpochReport report;
    report.epoch = epoch + 1;
    report.epochs = train_.epochs;
    report.trainLoss = trainLoss;
    report.trainAccuracy = trainAccuracy;
    report.testAccuracy = accuracyOf(testLogits, data_.test.labels);
    report.testLoss = meanCrossEntropy(testLogits, data_.test.labels);
    report.seconds = seconds;
    report.imagesPerSecond = seconds > 0 ? static_cast<double>(data_.train.size()) / seconds : 0;
    // Flips against the reference, on one split: into the report (and so the metrics record).
    const auto recordFlips = [&](const torch::Tensor& reference, const torch::Tensor& logits,
                                 const torch::Tensor& labels, std::optional<double>& nfr, std::optional<double>& pfr) {
        if (!reference.defined())
            return;
        const FlipReport flips = compareLogits(reference, logits, labels);
        nfr = flips.nfr;
        pfr = flips.pfr;
    };
    recordFlips(referenceTest_, testLogits, data_.test.labels, report.testNfr, report.testPfr);
    if (data_.val.size() > 0) {
        const auto valLogits = computeLogits(*model_, data_.val, device_, evalBatch);
        report.valAccuracy = accuracyOf(valLogits, data_.val.labels);
        recordFlips(referenceVal_, valLogits, data_.val.labels, report.valNfr, report.valPfr);
    }

    // The new state counts only once its checkpoint is on disk: a failed write leaves the run
    // reporting the epoch it can really resume from.
    CheckpointState next = checkpoint_;
    next.epochsDone = epoch + 1;
    if (train_.selection != "final") {
        const double score = selectionScore(report.testAccuracy, report.valAccuracy.value_or(0));
        if (score > next.bestScore) {
            next.bestScore = score;
            next.bestEpoch = epoch + 1;
            saveWeights(run_.file("best.pt"), *model_);
        }
    }
    run_.appendMetrics(epochRecordOf(report));
    saveCheckpoint(run_, *model_, *optimizer_, next);
    checkpoint_ = next;
    status_.epochsDone = checkpoint_.epochsDone;
    setStatus(RunState::Running, "");
    sink_.epochEnded(report);
}

void Trainer::finish()
{
    saveWeights(run_.file("final.pt"), *model_);
    std::string selected = "final weights (epoch " + std::to_string(train_.epochs) + ")";
    if (train_.selection != "final") {
        loadWeights(run_.file("best.pt"), *model_, device_);
        selected = "weights of epoch " + std::to_string(checkpoint_.bestEpoch) + " (" + train_.selection +
                   (train_.selection == "best_test" ? ", optimistic: selected on the test set)" : ")");
    }
    const auto logits = computeLogits(*model_, data_.test, device_, std::max<int64_t>(train_.batchSize, 256));
    writeNpy(run_.file("logits.npy"), logits);
    writeNpy(run_.file("labels.npy"), data_.test.labels);
    // The validation split's logits too: a sweep summary chooses settings by their validation NFR
    // against an old model that is not necessarily this run's reference (ELODI's is an ensemble).
    if (data_.val.size() > 0) {
        writeNpy(run_.file("val_logits.npy"),
                 computeLogits(*model_, data_.val, device_, std::max<int64_t>(train_.batchSize, 256)));
        writeNpy(run_.file("val_labels.npy"), data_.val.labels);
    }
    std::ostringstream message;
    message << "Test accuracy " << accuracyOf(logits, data_.test.labels) * 100 << "% with the " << selected;
    outcome_ = {RunState::Completed, message.str(), train_.epochs};
}

void Trainer::heartbeat()
{
    // Best effort: a network file system that hiccups for a moment must not fail hours of training;
    // the next heartbeat or the epoch's end writes the status again (and fails loudly if it must).
    try {
        setStatus(RunState::Running, "");
    } catch (const std::exception&) {
        lastStatusWrite_ = TrainingClock::now();
    }
}

void Trainer::setStatus(RunState state, const std::string& message)
{
    status_.state = state;
    status_.message = message;
    status_.trainingSeconds = secondsBefore_ + TrainingClock::secondsSince(sessionStart_);
    if (state != RunState::Running && state != RunState::Queued)
        status_.finished = nowIso8601();
    run_.writeStatus(status_);
    lastStatusWrite_ = TrainingClock::now();
}

TrainOutcome Trainer::run()
{
    try {
        setUp();
        bool finished = true;
        for (int epoch = checkpoint_.epochsDone; epoch < train_.epochs && finished; ++epoch)
            finished = trainEpoch(epoch);
        if (finished)
            finish();
    } catch (const std::exception& e) {
        // c10::Error included: out of memory, a shape error in a model, a disk error while saving.
        std::string what = e.what();
        if (const auto* torchError = dynamic_cast<const c10::Error*>(&e))
            what = torchError->what_without_backtrace();
        outcome_ = {RunState::Failed, "Training stopped by an error: " + what, checkpoint_.epochsDone};
    }
    try {
        status_.epochsDone = outcome_.epochsDone;
        setStatus(outcome_.state, outcome_.message);
    } catch (const std::exception& e) {
        outcome_.message += " (and status.json could not be written: " + std::string(e.what()) + ")";
    }
    return outcome_;
}

} // namespace

TrainOutcome trainRun(const RunFolder& run, const RunConfig& config, const SplitDataset& data, ProgressSink& sink,
                      const CancelToken& cancel)
{
    return Trainer(run, config, data, sink, cancel).run();
}

} // namespace flipbench
