// CIFAR-10 download against a local HTTP server on 127.0.0.1 (never the network): a full download,
// a wrong checksum, a dropped connection and its resume, a server without ranges, cancel, hostile
// archives, file:// URLs, and flipbench-cli download-cifar10 end to end.

#include "download_fixture.h"
#include "local_http_server.h"
#include "test_support.h"

#include "flipbench/data/cifar_reader.h"
#include "flipbench/download/download_checksum.h"
#include "flipbench/download/download_cifar10.h"
#include "flipbench/util/errors.h"

#include <QProcess>
#include <QtTest/QtTest>

#include <csignal>
#include <memory>
#include <thread>

#ifndef FLIPBENCH_CLI_PATH
#error "FLIPBENCH_CLI_PATH must name the flipbench-cli executable"
#endif

using namespace flipbench;
namespace fs = std::filesystem;

namespace {

constexpr const char* kArchivePath = "/cifar-10-binary.tar.gz";
constexpr int kPerTrainBatch = 4;
constexpr int kTestCount = 5;
// Guards against a hang only; every wait ends on a condition.
constexpr int kDeadlineMs = 60000;

/// Records what the core reports; can cancel once `cancelAtBytes` of the download have arrived.
class RecordingSink final : public DownloadProgressSink {
public:
    CancelToken cancel;
    int64_t cancelAtBytes = -1;
    std::vector<DownloadProgress> reports;
    std::vector<std::string> messages;

    void progress(const DownloadProgress& p) override
    {
        reports.push_back(p);
        if (cancelAtBytes >= 0 && p.phase == DownloadProgress::Phase::Download && p.bytesDone >= cancelAtBytes)
            cancel.cancel();
    }
    void message(const std::string& text) override { messages.push_back(text); }

    bool saidSomething(const std::string& part) const
    {
        for (const auto& message : messages)
            if (fbtest::contains(message, part))
                return true;
        return false;
    }
};

bool hasUnpackLeftovers(const fs::path& dir)
{
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(dir, ec))
        if (entry.path().filename().string().rfind(kCifar10UnpackPrefix, 0) == 0)
            return true;
    return false;
}

} // namespace

class TestDownload : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<fbtest::ScratchDir> scratch_;
    std::unique_ptr<fbtest::LocalHttpServer> server_;
    std::vector<fbtest::ArchiveMember> members_;
    std::string archive_, sha256_;
    int caseNumber_ = 0;

    /// A fresh, empty data folder for one test.
    fs::path freshDir()
    {
        const fs::path dir = *scratch_ / ("data" + std::to_string(++caseNumber_));
        fs::create_directories(dir);
        return dir;
    }

    Cifar10DownloadRequest requestFor(const fs::path& dir) const
    {
        Cifar10DownloadRequest request;
        request.dir = dir;
        request.url = server_->url(kArchivePath);
        request.sha256 = sha256_;
        return request;
    }

    /// The unpacked files are exactly the archive's members (every byte).
    void verifyUnpacked(const fs::path& cifarDir)
    {
        const CifarFolderSummary summary = inspectCifar10Folder(cifarDir.parent_path());
        QCOMPARE(summary.trainImages, int64_t(5 * kPerTrainBatch));
        QCOMPARE(summary.testImages, int64_t(kTestCount));
        QCOMPARE(summary.classNames.size(), size_t(10));
        QCOMPARE(fbtest::countEntries(cifarDir), int64_t(members_.size() - 1));
        for (const auto& member : members_)
            if (member.kind == fbtest::ArchiveMember::Kind::File) {
                const auto bytes = fbtest::readBytes(cifarDir.parent_path() / member.name);
                QVERIFY2(std::string(bytes.begin(), bytes.end()) == member.content, member.name.c_str());
            }
        QVERIFY(!fs::exists(cifar10PartFile(cifarDir.parent_path())));
        QVERIFY(!hasUnpackLeftovers(cifarDir.parent_path()));
    }

    /// Serves `members` as a second archive and runs a download of it; the DataError's message.
    std::optional<std::string> refusedMessage(const std::vector<fbtest::ArchiveMember>& members, const fs::path& dir)
    {
        const std::string bytes = fbtest::tarGz(members);
        server_->serve("/hostile.tar.gz", bytes);
        Cifar10DownloadRequest request = requestFor(dir);
        request.url = server_->url("/hostile.tar.gz");
        request.sha256 = sha256Hex(bytes);
        RecordingSink sink;
        return fbtest::thrownMessage<DataError>([&] { downloadCifar10(request, sink, sink.cancel); });
    }

private Q_SLOTS:
    void initTestCase()
    {
        scratch_ = std::make_unique<fbtest::ScratchDir>();
        server_ = std::make_unique<fbtest::LocalHttpServer>();
        QVERIFY(server_->isListening());
        members_ = fbtest::cifarArchiveMembers(*scratch_ / "source", kPerTrainBatch, kTestCount);
        archive_ = fbtest::tarGz(members_);
        sha256_ = sha256Hex(archive_);
        server_->serve(kArchivePath, archive_);
        QVERIFY(archive_.size() > 4000); // the drop and hold points below lie inside it
    }

    void init() { server_->setRangeSupport(true); }

    void sha256MatchesKnownVectorsAndSha256sum()
    {
        // FIPS 180-2 test vectors.
        QCOMPARE(sha256Hex(""), std::string("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
        QCOMPARE(sha256Hex("abc"), std::string("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
        const fs::path file = *scratch_ / "archive.tar.gz";
        fbtest::writeText(file, archive_);
        RecordingSink sink;
        const auto ofFile = sha256OfFile(file, sink, sink.cancel);
        QVERIFY(ofFile);
        QCOMPARE(*ofFile, sha256_);
        const fbtest::ProcessResult tool = fbtest::runProcess("sha256sum", {fbtest::toQString(file)});
        if (tool.exitCode == 0)
            QCOMPARE(tool.out.section(' ', 0, 0).toStdString(), sha256_);
        QCOMPARE(normalizeSha256(QString(kCifar10Sha256).toUpper().toStdString(), "x"), std::string(kCifar10Sha256));
        QVERIFY(fbtest::thrownMessage<UserError>([] { normalizeSha256("abc", "--sha256"); }));
    }

    void fullDownloadVerifiesAndUnpacks()
    {
        const fs::path dir = freshDir();
        const size_t before = server_->requests().size();
        RecordingSink sink;
        const Cifar10DownloadOutcome outcome = downloadCifar10(requestFor(dir), sink, sink.cancel);
        QCOMPARE(int(outcome.state), int(Cifar10DownloadState::Downloaded));
        QCOMPARE(outcome.cifarDir, dir / "cifar-10-batches-bin");
        verifyUnpacked(outcome.cifarDir);
        const auto requests = server_->requests();
        QCOMPARE(requests.size(), before + 1);
        QCOMPARE(requests.back().method, std::string("GET"));
        QVERIFY(requests.back().range.empty());
        // Progress of all three phases, each ending at its total.
        for (const auto phase :
             {DownloadProgress::Phase::Download, DownloadProgress::Phase::Verify, DownloadProgress::Phase::Extract}) {
            const auto last = std::find_if(sink.reports.rbegin(), sink.reports.rend(),
                                           [&](const DownloadProgress& p) { return p.phase == phase; });
            QVERIFY(last != sink.reports.rend());
            QVERIFY(last->bytesTotal > 0);
            QCOMPARE(last->bytesDone, last->bytesTotal);
        }
        QVERIFY(sink.saidSomething("Checksum verified"));

        // A second call finds the complete folder and does nothing, not even a request.
        const Cifar10DownloadOutcome again = downloadCifar10(requestFor(dir), sink, sink.cancel);
        QCOMPARE(int(again.state), int(Cifar10DownloadState::AlreadyPresent));
        QVERIFY(fbtest::contains(again.message, "already complete"));
        QCOMPARE(server_->requests().size(), before + 1);
    }

    void wrongChecksumLeavesNothing()
    {
        const fs::path dir = freshDir();
        Cifar10DownloadRequest request = requestFor(dir);
        request.sha256 = std::string(64, 'a');
        RecordingSink sink;
        const auto message = fbtest::thrownMessage<DownloadError>([&] { downloadCifar10(request, sink, sink.cancel); });
        QVERIFY(message);
        QVERIFY2(fbtest::contains(*message, "Checksum mismatch"), message->c_str());
        QVERIFY2(fbtest::contains(*message, request.url), message->c_str());
        QVERIFY2(fbtest::contains(*message, std::string(64, 'a')), message->c_str());
        QVERIFY2(fbtest::contains(*message, sha256_), message->c_str());
        QVERIFY(!fs::exists(dir / "cifar-10-batches-bin"));
        QVERIFY(!fs::exists(cifar10PartFile(dir))); // a corrupt download is not resumed
        QVERIFY(!hasUnpackLeftovers(dir));
        QVERIFY(fbtest::thrownMessage<DataError>([&] { inspectCifar10Folder(dir); }));
    }

    void droppedConnectionThenResumeWithRange()
    {
        const fs::path dir = freshDir();
        constexpr int64_t dropAt = 3000;
        server_->dropNextResponseAfter(dropAt);
        RecordingSink sink;
        const auto message =
            fbtest::thrownMessage<DownloadError>([&] { downloadCifar10(requestFor(dir), sink, sink.cancel); });
        QVERIFY(message);
        QVERIFY2(fbtest::contains(*message, "byte offset 3000"), message->c_str());
        QVERIFY2(fbtest::contains(*message, "resume"), message->c_str());
        QVERIFY(!fs::exists(dir / "cifar-10-batches-bin"));
        QCOMPARE(fbtest::fileSizeOrMinusOne(cifar10PartFile(dir)), dropAt);

        RecordingSink second;
        const Cifar10DownloadOutcome outcome = downloadCifar10(requestFor(dir), second, second.cancel);
        QCOMPARE(int(outcome.state), int(Cifar10DownloadState::Downloaded));
        const auto last = server_->requests().back();
        QCOMPARE(last.range, std::string("bytes=3000-"));
        QCOMPARE(last.status, 206);
        QVERIFY(second.saidSomething("Resuming the download at byte 3000"));
        verifyUnpacked(outcome.cifarDir);
    }

    void serverWithoutRangesRestartsFromZero()
    {
        const fs::path dir = freshDir();
        server_->dropNextResponseAfter(2500);
        RecordingSink sink;
        QVERIFY(fbtest::thrownMessage<DownloadError>([&] { downloadCifar10(requestFor(dir), sink, sink.cancel); }));
        QCOMPARE(fbtest::fileSizeOrMinusOne(cifar10PartFile(dir)), int64_t(2500));

        server_->setRangeSupport(false);
        RecordingSink second;
        const Cifar10DownloadOutcome outcome = downloadCifar10(requestFor(dir), second, second.cancel);
        QCOMPARE(int(outcome.state), int(Cifar10DownloadState::Downloaded));
        const auto last = server_->requests().back();
        QCOMPARE(last.range, std::string("bytes=2500-")); // asked...
        QCOMPARE(last.status, 200);                       // ...but got the whole file, written from byte 0
        QVERIFY(second.saidSomething("does not support resuming"));
        verifyUnpacked(outcome.cifarDir);
    }

    void cancelKeepsPartForResume()
    {
        const fs::path dir = freshDir();
        constexpr int64_t holdAt = 2000;
        server_->holdNextResponseAfter(holdAt);
        RecordingSink sink;
        sink.cancelAtBytes = holdAt; // the server sends nothing more until the client gives up
        const Cifar10DownloadOutcome outcome = downloadCifar10(requestFor(dir), sink, sink.cancel);
        QCOMPARE(int(outcome.state), int(Cifar10DownloadState::Cancelled));
        QVERIFY2(fbtest::contains(outcome.message, "cancelled at byte 2000"), outcome.message.c_str());
        QVERIFY(!fs::exists(dir / "cifar-10-batches-bin"));
        QCOMPARE(fbtest::fileSizeOrMinusOne(cifar10PartFile(dir)), holdAt);

        RecordingSink second;
        const Cifar10DownloadOutcome resumed = downloadCifar10(requestFor(dir), second, second.cancel);
        QCOMPARE(int(resumed.state), int(Cifar10DownloadState::Downloaded));
        QCOMPARE(server_->requests().back().range, std::string("bytes=2000-"));
        verifyUnpacked(resumed.cifarDir);
    }

    void secondDownloadIntoSameFolderIsRefused()
    {
        const fs::path dir = freshDir();
        server_->holdNextResponseAfter(1000);
        RecordingSink first;
        std::optional<Cifar10DownloadOutcome> firstOutcome;
        std::string workerError;
        std::thread worker([&] {
            try {
                firstOutcome = downloadCifar10(requestFor(dir), first, first.cancel);
            } catch (const std::exception& e) {
                workerError = e.what();
            }
        });
        // Once its 1000 bytes are on disk, the first download waits for more, holding the folder's lock.
        const bool started =
            fbtest::waitUntil([&] { return fbtest::fileSizeOrMinusOne(cifar10PartFile(dir)) == 1000; }, kDeadlineMs);
        RecordingSink second;
        const auto message =
            started ? fbtest::thrownMessage<UserError>([&] { downloadCifar10(requestFor(dir), second, second.cancel); })
                    : std::nullopt;
        first.cancel.cancel();
        worker.join();
        QVERIFY2(workerError.empty(), workerError.c_str());
        QVERIFY(started);
        QVERIFY(message);
        QVERIFY2(fbtest::contains(*message, "Another download"), message->c_str());
        QVERIFY(firstOutcome);
        QCOMPARE(int(firstOutcome->state), int(Cifar10DownloadState::Cancelled));
    }

    void fileUrlAndPlainPathWork()
    {
        const fs::path file = *scratch_ / "local copy.tar.gz"; // a space, escaped in the file:// URL
        fbtest::writeText(file, archive_);
        for (const std::string& address : {"file://" + (*scratch_ / "archive.tar.gz").string(), file.string()}) {
            fbtest::writeText(*scratch_ / "archive.tar.gz", archive_);
            const fs::path dir = freshDir();
            Cifar10DownloadRequest request = requestFor(dir);
            request.url = address;
            RecordingSink sink;
            const Cifar10DownloadOutcome outcome = downloadCifar10(request, sink, sink.cancel);
            QCOMPARE(int(outcome.state), int(Cifar10DownloadState::Downloaded));
            verifyUnpacked(outcome.cifarDir);
        }
        QVERIFY(fs::exists(file)); // the source is only read
    }

    void httpErrorNamesStatusAndUrl()
    {
        const fs::path dir = freshDir();
        Cifar10DownloadRequest request = requestFor(dir);
        request.url = server_->url("/moved.tar.gz");
        RecordingSink sink;
        const auto message = fbtest::thrownMessage<DownloadError>([&] { downloadCifar10(request, sink, sink.cancel); });
        QVERIFY(message);
        QVERIFY2(fbtest::contains(*message, "HTTP status 404"), message->c_str());
        QVERIFY2(fbtest::contains(*message, request.url), message->c_str());
        QVERIFY(!fs::exists(cifar10PartFile(dir))); // the error page is not kept as data
        QVERIFY(!fs::exists(dir / "cifar-10-batches-bin"));
    }

    void sizeMismatchIsAnError()
    {
        const fs::path dir = freshDir();
        Cifar10DownloadRequest request = requestFor(dir);
        request.expectedBytes = static_cast<int64_t>(archive_.size()) - 10;
        RecordingSink sink;
        const auto message = fbtest::thrownMessage<DownloadError>([&] { downloadCifar10(request, sink, sink.cancel); });
        QVERIFY(message);
        QVERIFY2(fbtest::contains(*message, "expected " + std::to_string(archive_.size() - 10)), message->c_str());
        QVERIFY2(fbtest::contains(*message, "announces a file of " + std::to_string(archive_.size())),
                 message->c_str());
        QVERIFY(!fs::exists(cifar10PartFile(dir))); // stopped at the headers: nothing downloaded
        QVERIFY(!fs::exists(dir / "cifar-10-batches-bin"));
    }

    void hostileArchivesAreRefused_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("reason");
        using Kind = fbtest::ArchiveMember::Kind;
        QTest::newRow("dot-dot") << "cifar-10-batches-bin/../../escaped.txt" << int(Kind::File) << "\"..\"";
        QTest::newRow("absolute") << "/tmp/flipbench-escaped.txt" << int(Kind::File) << "absolute path";
        QTest::newRow("symlink") << "cifar-10-batches-bin/test_batch.bin" << int(Kind::Symlink) << "is a link";
        QTest::newRow("hardlink") << "cifar-10-batches-bin/extra.bin" << int(Kind::Hardlink) << "is a link";
        QTest::newRow("fifo") << "cifar-10-batches-bin/pipe" << int(Kind::Fifo) << "not a regular file";
    }

    void hostileArchivesAreRefused()
    {
        QFETCH(QString, name);
        QFETCH(int, kind);
        QFETCH(QString, reason);
        const fs::path dir = freshDir();
        // The hostile member comes first, so refusing it must happen before any real member is kept.
        std::vector<fbtest::ArchiveMember> members = members_;
        fbtest::ArchiveMember hostile{name.toStdString(), "escaped\n", "/etc/passwd",
                                      static_cast<fbtest::ArchiveMember::Kind>(kind)};
        members.insert(members.begin() + 1, hostile);
        const auto message = refusedMessage(members, dir);
        QVERIFY(message);
        QVERIFY2(fbtest::contains(*message, reason.toStdString()), message->c_str());
        QVERIFY2(fbtest::contains(*message, name.toStdString()), message->c_str());
        QVERIFY(!fs::exists(dir / "cifar-10-batches-bin"));
        QVERIFY(!fs::exists(dir.parent_path() / "escaped.txt"));
        QVERIFY(!fs::exists(*scratch_ / "escaped.txt"));
        QVERIFY(!hasUnpackLeftovers(dir));
    }

    void missingMemberIsRefusedAndUnknownOnesSkipped()
    {
        std::vector<fbtest::ArchiveMember> members = members_;
        members.erase(std::remove_if(members.begin(), members.end(),
                                     [](const auto& m) { return fbtest::contains(m.name, "test_batch"); }),
                      members.end());
        const fs::path dir = freshDir();
        const auto message = refusedMessage(members, dir);
        QVERIFY(message);
        QVERIFY2(fbtest::contains(*message, "has no cifar-10-batches-bin/test_batch.bin"), message->c_str());
        QVERIFY(!fs::exists(dir / "cifar-10-batches-bin"));

        members = members_;
        members.push_back(fbtest::ArchiveMember::file("cifar-10-batches-bin/.DS_Store", "junk"));
        members.push_back(fbtest::ArchiveMember::file("other/notes.txt", "junk"));
        const std::string bytes = fbtest::tarGz(members);
        server_->serve("/extra.tar.gz", bytes);
        const fs::path extraDir = freshDir();
        Cifar10DownloadRequest request = requestFor(extraDir);
        request.url = server_->url("/extra.tar.gz");
        request.sha256 = sha256Hex(bytes);
        RecordingSink sink;
        const Cifar10DownloadOutcome outcome = downloadCifar10(request, sink, sink.cancel);
        QCOMPARE(int(outcome.state), int(Cifar10DownloadState::Downloaded));
        verifyUnpacked(outcome.cifarDir); // exactly the official members
        QVERIFY(sink.saidSomething("Skipped other/notes.txt"));
        QVERIFY(!fs::exists(extraDir / "other"));
    }

    void incompleteFolderInTheWayIsKept()
    {
        const fs::path dir = freshDir();
        fs::create_directories(dir / "cifar-10-batches-bin");
        fbtest::writeText(dir / "cifar-10-batches-bin" / "data_batch_1.bin", "x");
        RecordingSink sink;
        const auto message =
            fbtest::thrownMessage<DataError>([&] { downloadCifar10(requestFor(dir), sink, sink.cancel); });
        QVERIFY(message);
        QVERIFY2(fbtest::contains(*message, "incomplete CIFAR-10 folder is in the way"), message->c_str());
        QCOMPARE(fbtest::countEntries(dir / "cifar-10-batches-bin"), int64_t(1));
    }

    void cliDownloadsEndToEnd()
    {
        const fs::path dir = freshDir() / "new-subfolder";
        const QStringList arguments = {"download-cifar10",
                                       fbtest::toQString(dir),
                                       "--url",
                                       QString::fromStdString(server_->url(kArchivePath)),
                                       "--sha256",
                                       QString::fromStdString(sha256_)};
        const fbtest::ProcessResult result = fbtest::runProcess(FLIPBENCH_CLI_PATH, arguments);
        QVERIFY2(result.exitCode == 0, qPrintable(result.describe()));
        QCOMPARE(result.lastLine(), fbtest::toQString(dir / "cifar-10-batches-bin"));
        QVERIFY2(result.err.contains("download ") && result.err.contains("/s ETA"), qPrintable(result.err));
        QVERIFY2(result.err.contains("CIFAR-10 is ready in"), qPrintable(result.err));
        verifyUnpacked(dir / "cifar-10-batches-bin");

        const fbtest::ProcessResult again = fbtest::runProcess(FLIPBENCH_CLI_PATH, arguments);
        QVERIFY2(again.exitCode == 0, qPrintable(again.describe()));
        QVERIFY2(again.err.contains("already complete"), qPrintable(again.err));
    }

    void cliReportsErrorsWithExitCodes()
    {
        const fs::path dir = freshDir();
        const QString url = QString::fromStdString(server_->url(kArchivePath));
        const fbtest::ProcessResult mismatch =
            fbtest::runProcess(FLIPBENCH_CLI_PATH, {"download-cifar10", fbtest::toQString(dir), "--url", url,
                                                    "--sha256", QString(64, '0')});
        QCOMPARE(mismatch.exitCode, 1);
        QVERIFY2(mismatch.err.contains("Checksum mismatch"), qPrintable(mismatch.err));
        QVERIFY(!fs::exists(dir / "cifar-10-batches-bin"));

        // The official checksum (the default) against another file: a mismatch of the size first.
        const fbtest::ProcessResult official =
            fbtest::runProcess(FLIPBENCH_CLI_PATH, {"download-cifar10", fbtest::toQString(dir), "--url", url});
        QCOMPARE(official.exitCode, 1);
        // (or, on a nearly full disk, the space check that comes first; both are download errors)
        QVERIFY2(official.err.contains("expected 170052171") || official.err.contains("Not enough disk space"),
                 qPrintable(official.err));

        const fbtest::ProcessResult badHex =
            fbtest::runProcess(FLIPBENCH_CLI_PATH, {"download-cifar10", fbtest::toQString(dir), "--sha256", "xyz"});
        QCOMPARE(badHex.exitCode, 2);
        QVERIFY2(badHex.err.contains("--sha256: expected a SHA-256 checksum of 64 hex digits"), qPrintable(badHex.err));
        QVERIFY2(!badHex.err.contains("Downloading"), qPrintable(badHex.err)); // refused before starting

        const fbtest::ProcessResult usage = fbtest::runProcess(FLIPBENCH_CLI_PATH, {"download-cifar10"});
        QCOMPARE(usage.exitCode, 2);
    }

    void cliCtrlCCancelsAndKeepsPart()
    {
        const fs::path dir = freshDir();
        server_->holdNextResponseAfter(1500);
        QProcess process;
        process.start(FLIPBENCH_CLI_PATH, {"download-cifar10", fbtest::toQString(dir), "--url",
                                           QString::fromStdString(server_->url(kArchivePath)), "--sha256",
                                           QString::fromStdString(sha256_)});
        QVERIFY(process.waitForStarted(kDeadlineMs));
        QVERIFY(
            fbtest::waitUntil([&] { return fbtest::fileSizeOrMinusOne(cifar10PartFile(dir)) == 1500; }, kDeadlineMs));
        QCOMPARE(::kill(static_cast<pid_t>(process.processId()), SIGINT), 0);
        QVERIFY2(process.waitForFinished(kDeadlineMs), "still running after SIGINT");
        const fbtest::ProcessResult result = fbtest::finishedResult(process);
        QCOMPARE(result.exitCode, 1);
        QVERIFY2(result.err.contains("Download cancelled at byte 1500"), qPrintable(result.err));
        QCOMPARE(fbtest::fileSizeOrMinusOne(cifar10PartFile(dir)), int64_t(1500));
        QVERIFY(!fs::exists(dir / "cifar-10-batches-bin"));
    }

    void cleanupTestCase()
    {
        server_.reset();
        scratch_.reset();
    }
};

QTEST_GUILESS_MAIN(TestDownload)
#include "tst_download.moc"
