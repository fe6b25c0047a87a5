// Runs beyond one machine: the SLURM scripts of a sweep (checked against text written by hand),
// squeue's and sacct's output as the scheduler prints it, the heartbeat that tells a remote run that
// still trains from one whose machine is gone, and a sweep-status built from run folders and a
// queue. The real cluster is tests/cluster/slurm_cluster_test.sh.

#include "test_support.h"

#include <flipbench/cluster/slurm_queue.h>
#include <flipbench/cluster/slurm_script.h>
#include <flipbench/cluster/slurm_submission.h>
#include <flipbench/cluster/sweep_cluster_status.h>
#include <flipbench/runs/queued_run.h>
#include <flipbench/runs/run_store.h>
#include <flipbench/sweeps/sweep_spec.h>
#include <flipbench/util/errors.h>

#include <QtTest/QtTest>
#include <nlohmann/json.hpp>

#include <ctime>
#include <sys/wait.h>
#include <unistd.h>

namespace fs = std::filesystem;
using nlohmann::json;
using namespace flipbench;

namespace {

std::string isoSecondsAgo(int seconds)
{
    const std::time_t then = std::time(nullptr) - seconds;
    std::tm utc{};
    gmtime_r(&then, &utc);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return buffer;
}

/// A run folder whose status.json says it is running as `pid` on `host`, last written `age` seconds ago.
fs::path runningRun(const fs::path& workspace, const std::string& name, const std::string& host, long long pid, int age)
{
    const fs::path dir = workspace / name;
    fs::create_directories(dir);
    fbtest::writeText(dir / "status.json", json{{"state", "running"},
                                                {"host", host},
                                                {"pid", pid},
                                                {"updated", isoSecondsAgo(age)},
                                                {"epochs_done", 2},
                                                {"epochs", 5},
                                                {"job", "slurm 77_1"}}
                                               .dump());
    fbtest::writeText(dir / "config.json", json{{"name", name}}.dump());
    return dir;
}

/// Two stages: an old model, then FD against it twice.
json clusterSpec(const fs::path& data)
{
    return {{"name", "cl"},
            {"base",
             {{"data", {{"path", data.string()}}},
              {"model", {{"arch", "small_cnn"}}},
              {"train", {{"epochs", 1}, {"device", "cpu"}}}}},
            {"old", "@old"},
            {"arms",
             {{{"label", "old"}, {"seeds", {100}}},
              {{"label", "fd"}, {"seeds", {1, 2}}, {"reference", {"@old"}}, {"set", {{"method.name", "fd"}}}}}}};
}

SweepPlan clusterPlan(const fbtest::ScratchDir& scratch)
{
    return expandSweep(parseSweepSpec(clusterSpec(scratch / "data"), scratch.path()), std::nullopt);
}

/// The options of `sweep --slurm --no-submit`: scripts written here, submitted elsewhere.
SlurmOptions writeOnly()
{
    SlurmOptions options;
    options.submitting = false;
    return options;
}

/// `sweep --slurm --no-submit` of `plan` into `workspace`.
SlurmSubmission writeSubmission(const SweepPlan& plan, const fs::path& workspace)
{
    return prepareSlurmSubmission(plan, workspace, "/usr/bin/flipbench-cli", writeOnly(), SweepOptions{});
}

} // namespace

class TestCluster : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        // No scheduler for these tests, whatever this machine has: the decisions below are the
        // ones made without one (the real cluster is slurm_cluster_test.sh's).
        qputenv("FLIPBENCH_SQUEUE", "/nonexistent/squeue");
    }

    void stageScriptIsTheArrayJobWrittenByHand()
    {
        SlurmLayout layout = slurmLayoutOf("/shared/ws", "grid", "/opt/flipbench/bin/flipbench-cli");
        SlurmStage stage{1, {"grid-fd-s1", "grid-fd-s2", "grid-fd-s3"}};
        SlurmOptions options;
        options.partition = "gpu";
        options.gpusPerTask = 1;
        options.time = "02:00:00";
        options.maxParallel = 2;
        options.sbatchArgs = {"--mem=16G", "--account=vision"};
        const std::string expected = "#!/bin/bash\n"
                                     "# Flipbench sweep \"grid\", stage 1: 3 runs, task i trains runs[i]. Written by "
                                     "flipbench-cli sweep --slurm.\n"
                                     "# Run one task again alone (it resumes its run from the last checkpoint):\n"
                                     "#   sbatch --array=<task> /shared/ws/slurm/grid/stage-1.sbatch\n"
                                     "#SBATCH --job-name=flipbench-grid-1\n"
                                     "#SBATCH --array=0-2%2\n"
                                     "#SBATCH --output=/shared/ws/slurm/grid/logs/stage-1-task-%a.out\n"
                                     "#SBATCH --error=/shared/ws/slurm/grid/logs/stage-1-task-%a.err\n"
                                     "#SBATCH --open-mode=append\n"
                                     "#SBATCH --requeue\n"
                                     "#SBATCH --ntasks=1\n"
                                     "#SBATCH --partition=gpu\n"
                                     "#SBATCH --gpus-per-task=1\n"
                                     "#SBATCH --time=02:00:00\n"
                                     "#SBATCH --mem=16G\n"
                                     "#SBATCH --account=vision\n"
                                     "\n"
                                     "runs=(\n"
                                     "  'grid-fd-s1'\n"
                                     "  'grid-fd-s2'\n"
                                     "  'grid-fd-s3'\n"
                                     ")\n"
                                     "task=\"${SLURM_ARRAY_TASK_ID:-}\"\n"
                                     "if ! [[ \"$task\" =~ ^[0-9]+$ ]] || (( task >= ${#runs[@]} )); then\n"
                                     "  echo \"flipbench: task id '$task' is not one of this stage's tasks 0-2; submit "
                                     "this script with sbatch\" >&2\n"
                                     "  exit 2\n"
                                     "fi\n"
                                     "run=\"${runs[$task]}\"\n"
                                     "echo \"flipbench: $(date -u +%Y-%m-%dT%H:%M:%SZ) task $task of job "
                                     "${SLURM_ARRAY_JOB_ID:-?} trains $run on "
                                     "$(hostname)\"\n"
                                     "exec '/opt/flipbench/bin/flipbench-cli' train --run '/shared/ws'/\"$run\"\n";
        QCOMPARE(slurmStageScript(layout, stage, options), expected);

        // Without options: no partition, GPU or time lines, and no %K limit.
        const std::string plain = slurmStageScript(layout, SlurmStage{0, {"grid-old-s100"}}, SlurmOptions{});
        QVERIFY(fbtest::contains(plain, "#SBATCH --array=0-0\n"));
        QVERIFY(!fbtest::contains(plain, "--partition"));
        QVERIFY(!fbtest::contains(plain, "--gpus-per-task"));
        QVERIFY(!fbtest::contains(plain, "--time"));
    }

    void submitScriptChainsTheStagesWithAfterok()
    {
        SlurmLayout layout = slurmLayoutOf("/shared/ws", "grid", "/opt/flipbench-cli");
        const std::string script = slurmSubmitScript(layout, {SlurmStage{0, {"a", "b"}}, SlurmStage{1, {"c"}}});
        // Stage 0 without a dependency, stage 1 after it; both recorded in the jobs file, and a
        // stage recorded there before is not submitted again.
        QVERIFY(fbtest::contains(script, "set -euo pipefail\n"));
        QVERIFY(fbtest::contains(script, "    id=$(\"$sbatch\" --parsable '/shared/ws/slurm/grid/stage-0.sbatch')\n"));
        QVERIFY(fbtest::contains(script, "    id=$(\"$sbatch\" --parsable --dependency=afterok:\"$previous\" "
                                         "'/shared/ws/slurm/grid/stage-1.sbatch')\n"));
        QVERIFY(fbtest::contains(script, "echo \"stage 1 job $id\" >> \"$jobs\"\n"));
        QVERIFY(fbtest::contains(script, "jobs='/shared/ws/slurm/grid/jobs'\n"));
        QVERIFY(fbtest::contains(script,
                                 "recorded=$(awk '$1 == \"stage\" && $2 == 1 {id = $4} END {print id}' \"$jobs\")"));
        QVERIFY(!fbtest::contains(script, "[@]")); // no bash arrays: bash 4.2 fails on empty ones under set -u
        QVERIFY(script.find("stage-0.sbatch") < script.find("stage-1.sbatch"));
    }

    void optionsSbatchWouldRefuseAreRefusedFirst()
    {
        const auto refused = [](SlurmOptions options) {
            return fbtest::thrownMessage<ConfigError>([&] { checkSlurmOptions(options); }).value_or("");
        };
        SlurmOptions ok;
        ok.time = "1-12:00:00";
        ok.partition = "gpu,gpu-long";
        ok.sbatchArgs = {"--mem=8G", "-c4", "--cpus-per-task=4"}; // one word each: each is an #SBATCH line
        QCOMPARE(refused(ok), std::string());
        for (const std::string time : {"30", "30:00", "2:00:00", "1-2", "1-2:30"}) {
            SlurmOptions o;
            o.time = time;
            QVERIFY2(refused(o).empty(), time.c_str());
        }
        const auto withArg = [](const std::string& arg) {
            SlurmOptions o;
            o.sbatchArgs = {arg};
            return o;
        };
        SlurmOptions badTime;
        badTime.time = "2h";
        QVERIFY(fbtest::contains(refused(badTime), "--time \"2h\" is not a time sbatch takes"));
        SlurmOptions badPartition;
        badPartition.partition = "gpu long";
        QVERIFY(fbtest::contains(refused(badPartition), "--partition \"gpu long\" is not a partition name"));
        const std::pair<std::string, std::string> badArgs[] = {
            {"--array=0-3", "sets what Flipbench's scripts set themselves"},
            {"-o/tmp/x", "sets what Flipbench's scripts set themselves"},
            {"mem=8G", "is not an sbatch option"},
            {"--mem=8G\nrm -rf /", "is not an sbatch option"}, // a second line would run as a command
        };
        for (const auto& [arg, why] : badArgs)
            QVERIFY2(fbtest::contains(refused(withArg(arg)), why), arg.c_str());
    }

    void shellQuotingSurvivesQuotes()
    {
        QCOMPARE(shellQuoted("plain"), std::string("'plain'"));
        QCOMPARE(shellQuoted("it's"), std::string("'it'\\''s'"));
        QCOMPARE(shellQuoted(""), std::string("''"));
    }

    void squeueLinesAsSlurmPrintsThem()
    {
        // squeue --noheader --format='%i|%T|%r' of a pending array range, a running task, a plain job.
        const auto entries = parseSqueue("1234_[0-3%2]|PENDING|Dependency\n"
                                         "1234_5|RUNNING|None\n"
                                         "99|RUNNING|None\n"
                                         "not a line\n"
                                         "7_[x]|PENDING|None\n");
        QCOMPARE(entries.size(), size_t(3));
        QCOMPARE(entries[0].job, std::string("1234"));
        QCOMPARE(entries[0].tasks, (std::vector<int>{0, 1, 2, 3}));
        QCOMPARE(entries[0].state, std::string("PENDING"));
        QCOMPARE(entries[0].reason, std::string("Dependency"));
        QCOMPARE(entries[1].tasks, (std::vector<int>{5}));
        QCOMPARE(entries[1].state, std::string("RUNNING"));
        QCOMPARE(entries[2].job, std::string("99"));
        QVERIFY(entries[2].tasks.empty());

        QCOMPARE(parseArrayTasks("0-3,7,9-13:2%4"), (std::vector<int>{0, 1, 2, 3, 7, 9, 11, 13}));
        QVERIFY(parseArrayTasks("3-1").empty());
        QVERIFY(parseArrayTasks("a").empty());

        SlurmQueueView view;
        view.queue = entries;
        QVERIFY(view.queued("1234", 2) != nullptr);
        QVERIFY(view.queued("1234", 4) == nullptr);
        QCOMPARE(view.queued("1234", 5)->state, std::string("RUNNING"));
    }

    void sacctLinesAsSlurmPrintsThem()
    {
        // sacct --noheader --parsable2 --allocations --format=JobID,State,ExitCode
        const auto entries = parseSacct("1234_3|FAILED|1:0\n"
                                        "1234_[4-5]|PENDING|0:0\n"
                                        "1234_2|CANCELLED by 0|0:15\n"
                                        "1234_3|COMPLETED|0:0\n");
        QCOMPARE(entries.size(), size_t(3));
        QCOMPARE(entries[0].state, std::string("FAILED"));
        QCOMPARE(entries[0].exitCode, std::string("1:0"));
        QCOMPARE(*entries[1].task, 2);
        QCOMPARE(entries[1].state, std::string("CANCELLED"));
        SlurmQueueView view;
        view.accounting = entries;
        QCOMPARE(view.accounted("1234", 3)->state, std::string("COMPLETED")); // the latest attempt
        QVERIFY(view.accounted("1234", 9) == nullptr);
    }

    void remoteRunsAreJudgedByTheirHeartbeat()
    {
        fbtest::ScratchDir scratch;
        // Another host, written 20 minutes ago: still running as far as anyone here can tell, but stale.
        const fs::path stale = runningRun(scratch.path(), "stale", "node-that-went-away", 4242, 20 * 60);
        const RunStatus s = RunFolder::open(stale).readStatus();
        QVERIFY(s.state == RunState::Running);
        QVERIFY(s.remote);
        QVERIFY(s.stale);
        QVERIFY(s.heartbeatAgeSeconds && *s.heartbeatAgeSeconds >= 20 * 60 - 5);
        QVERIFY2(
            fbtest::contains(s.message, "No heartbeat from node-that-went-away (pid 4242, slurm 77_1) for 20 minutes"),
            s.message.c_str());
        QCOMPARE(s.job, std::string("slurm 77_1"));
        checkResumable(stale); // a stale run may be taken over

        // Another host, written a moment ago: running, not stale, and not to be resumed here, even
        // though no process 4242 runs on this machine.
        const fs::path fresh = runningRun(scratch.path(), "fresh", "node-that-trains", 4242, 0);
        const RunStatus f = RunFolder::open(fresh).readStatus();
        QVERIFY(f.state == RunState::Running);
        QVERIFY(f.remote);
        QVERIFY(!f.stale);
        const auto refused = fbtest::thrownMessage<UserError>([&] { checkResumable(fresh); });
        QVERIFY(refused);
        QVERIFY2(
            fbtest::contains(*refused, "is being trained right now by process 4242 on node-that-trains (slurm 77_1)"),
            refused->c_str());

        // This host, a pid that does not run: interrupted, whatever the heartbeat says.
        pid_t child = ::fork();
        if (child == 0)
            ::_exit(0);
        QVERIFY(child > 0);
        ::waitpid(child, nullptr, 0); // its pid is now free: no process has it
        const fs::path dead = runningRun(scratch.path(), "dead", thisHostName(), child, 0);
        const RunStatus d = RunFolder::open(dead).readStatus();
        QVERIFY(d.state == RunState::Interrupted);
        QVERIFY(!d.remote);
        QVERIFY(!d.stale);

        // This host, this very process: running.
        const fs::path live = runningRun(scratch.path(), "live", thisHostName(), ::getpid(), 20 * 60);
        const RunStatus l = RunFolder::open(live).readStatus();
        QVERIFY(l.state == RunState::Running);
        QVERIFY(!l.stale); // staleness is for runs this machine cannot check
    }

    void submissionQueuesTheRunsAndWritesTheStages()
    {
        fbtest::ScratchDir scratch;
        const fs::path workspace = scratch / "ws";
        const SweepPlan plan = clusterPlan(scratch);
        const SlurmSubmission submission = writeSubmission(plan, workspace);
        QCOMPARE(submission.stages.size(), size_t(2));
        QCOMPARE(submission.stages[0].runs, (std::vector<std::string>{"cl-old-s100"}));
        QCOMPARE(submission.stages[1].runs, (std::vector<std::string>{"cl-fd-s1", "cl-fd-s2"}));
        for (const std::string run : {"cl-old-s100", "cl-fd-s1", "cl-fd-s2"}) {
            QVERIFY2(isUnstartedRun(workspace / run), run.c_str());
            QVERIFY(fs::exists(workspace / run / "sweep.json"));
        }
        // The FD runs' reference is the old model's folder, final from the start.
        const json fd = fbtest::readJsonFile(workspace / "cl-fd-s1" / "config.json");
        QCOMPARE(fd["method"]["reference"][0].get<std::string>(), (workspace / "cl-old-s100").string());
        QVERIFY(fs::exists(workspace / "slurm" / "cl" / "stage-0.sbatch"));
        QVERIFY(fs::exists(workspace / "slurm" / "cl" / "stage-1.sbatch"));
        QVERIFY((fs::status(workspace / "slurm" / "cl" / "submit.sh").permissions() & fs::perms::owner_exec) !=
                fs::perms::none);
        QCOMPARE(readSlurmStages(submission.layout).size(), size_t(2));
        // A local sweep leaves them to the cluster: they wait in its queue.
        const auto surveys = surveySweep(plan, workspace, SweepOptions{});
        for (const SweepRunSurvey& survey : surveys) {
            QVERIFY(survey.step == SweepStep::Elsewhere && survey.queuedInScheduler);
            QVERIFY(fbtest::contains(survey.note, "queued in slurm"));
        }
        // Submitted again from here, where no scheduler can say whether the first submission's jobs
        // are still queued: refused. Written again for submitting elsewhere: the same runs in the
        // same stages, their folders kept.
        const auto unsure = fbtest::thrownMessage<UserError>(
            [&] { prepareSlurmSubmission(plan, workspace, "/usr/bin/flipbench-cli", SlurmOptions{}, SweepOptions{}); });
        QVERIFY(unsure && fbtest::contains(*unsure, "could train its runs twice"));
        const SlurmSubmission again = writeSubmission(plan, workspace);
        QCOMPARE(again.stages.size(), size_t(2));
        QCOMPARE(again.stages[1].runs, (std::vector<std::string>{"cl-fd-s1", "cl-fd-s2"}));
        QVERIFY(!fs::exists(workspace / "cl-fd-s1-2"));

        // A workspace path sbatch's #SBATCH lines cannot carry is refused before anything is written.
        const auto refused = fbtest::thrownMessage<ConfigError>([&] {
            prepareSlurmSubmission(plan, scratch / "my ws", "/usr/bin/flipbench-cli", SlurmOptions{}, SweepOptions{});
        });
        QVERIFY(refused && fbtest::contains(*refused, "has a space or a '%' in it"));
        QVERIFY(!fs::exists(scratch / "my ws"));
    }

    void sweepStatusJoinsFoldersAndQueue()
    {
        fbtest::ScratchDir scratch;
        const fs::path workspace = scratch / "ws";
        const SlurmSubmission submission = writeSubmission(clusterPlan(scratch), workspace);
        // Not submitted yet: every run is queued in its folder and has no job.
        SlurmQueueView none;
        for (const ClusterRunStatus& row : sweepClusterStatus(workspace, "cl", none))
            QCOMPARE(row.state, std::string("not submitted"));

        // Submitted as jobs 41 (the old model) and 42 (FD, after 41), as submit.sh records them.
        fbtest::writeText(submission.layout.jobsFile(), "stage 0 job 41\nstage 1 job 42\n");
        QCOMPARE(slurmJobsOf(workspace, "cl"), (std::vector<std::string>{"41", "42"}));
        SlurmQueueView view;
        view.queueAvailable = true;
        view.queue = parseSqueue("41_0|RUNNING|None\n42_[0-1]|PENDING|Dependency\n");
        auto rows = sweepClusterStatus(workspace, "cl", view);
        QCOMPARE(rows.size(), size_t(3));
        QCOMPARE(rows[0].run, std::string("cl-old-s100"));
        QCOMPARE(rows[0].state, std::string("starting")); // its task runs, the run has not written yet
        QCOMPARE(rows[1].job, std::string("42"));
        QCOMPARE(rows[1].task, 0);
        QCOMPARE(rows[2].task, 1);
        QCOMPARE(rows[2].state, std::string("queued"));
        QCOMPARE(rows[2].scheduler, std::string("PENDING (Dependency)"));

        // The old model's task left the queue without starting its run: failed, with its error file
        // and the command that runs that task again.
        fbtest::writeText(submission.layout.errorFile(0, 0), "flipbench-cli train: no such data folder\n\n");
        view.queue = parseSqueue("42_[0-1]|PENDING|DependencyNeverSatisfied\n");
        rows = sweepClusterStatus(workspace, "cl", view);
        QCOMPARE(rows[0].state, std::string("failed"));
        QCOMPARE(rows[0].errorFile, submission.layout.errorFile(0, 0));
        QCOMPARE(rows[0].errorLine, std::string("flipbench-cli train: no such data folder"));
        QCOMPARE(rows[0].resubmit, "sbatch --array=0 '" + (workspace / "slurm/cl/stage-0.sbatch").string() + "'");
        QVERIFY2(fbtest::contains(rows[1].detail, "will never start"), rows[1].detail.c_str());

        // Task 1 of stage 1 run again alone is job 50 of the same array name: it counts, a stopped run
        // in it is starting (no "run it again"); a run whose folder says running but that no task
        // trains any more has stopped.
        runningRun(workspace, "cl-fd-s1", "node-7", 99, 0);
        fbtest::writeText(workspace / "cl-fd-s2" / "status.json",
                          json{{"state", "cancelled"}, {"epochs_done", 1}, {"epochs", 1}}.dump());
        view.queue = parseSqueue("50_1|RUNNING|None|flipbench-cl-1\n");
        rows = sweepClusterStatus(workspace, "cl", view);
        QCOMPARE(rows[2].state, std::string("starting"));
        QCOMPARE(rows[2].scheduler, std::string("RUNNING"));
        QVERIFY(rows[2].resubmit.empty());
        QCOMPARE(rows[1].state, std::string("stopped"));
        QVERIFY2(fbtest::contains(rows[1].detail, "has left the SLURM queue"), rows[1].detail.c_str());
        QCOMPARE(rows[1].resubmit, "sbatch --array=0 '" + (workspace / "slurm/cl/stage-1.sbatch").string() + "'");

        // Without squeue here: the folders' word only, and why.
        SlurmQueueView unreachable;
        unreachable.queueError = "/nonexistent/squeue is not installed here";
        rows = sweepClusterStatus(workspace, "cl", unreachable);
        QCOMPARE(rows[0].state, std::string("queued"));
        QVERIFY(fbtest::contains(rows[0].detail, "squeue is not installed here"));
        QCOMPARE(rows[1].state, std::string("running")); // nobody here can say otherwise

        const auto never = fbtest::thrownMessage<UserError>([&] { sweepClusterStatus(workspace, "other", view); });
        QVERIFY(never && fbtest::contains(*never, "has not been submitted to SLURM"));
    }
};

QTEST_GUILESS_MAIN(TestCluster)
#include "tst_cluster.moc"
