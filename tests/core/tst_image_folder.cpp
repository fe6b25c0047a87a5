// Image folders (torchvision's ImageFolder layout): decoding PNG and JPEG, resizing, the import
// report for unreadable files (skip or refuse), the cache (reused, invalidated, fallback folder) and
// a run trained on one. Every image is written here, with libpng and libjpeg.

#include "image_file_writer.h"
#include "test_support.h"

#include "flipbench/util/atomic_file.h"
#include "flipbench/data/data_folder.h"
#include "flipbench/data/fingerprint.h"
#include "flipbench/data/image_folder/image_decode.h"
#include "flipbench/data/image_folder/image_folder.h"
#include "flipbench/data/image_folder/image_resize.h"
#include "flipbench/runs/run_session.h"
#include "flipbench/training/trainer.h"

#include <QtTest/QtTest>
#include <torch/torch.h>

#include <algorithm>
#include <cstdlib>
#include <map>
#include <sstream>

namespace fs = std::filesystem;
using flipbench::DataError;
using flipbench::ImageFolderImport;

namespace {

/// Pixel (x, y, channel) of test image `id`: differs between images, rows, columns and channels.
std::vector<uint8_t> patternRgb(int id, int width, int height)
{
    std::vector<uint8_t> rgb(size_t(width) * height * 3);
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x)
            for (int c = 0; c < 3; ++c)
                rgb[(size_t(y) * width + x) * 3 + c] = static_cast<uint8_t>((id * 37 + x * 5 + y * 3 + c * 80) % 256);
    return rgb;
}

/// A smooth picture, which JPEG keeps within a few levels.
std::vector<uint8_t> smoothRgb(int id, int width, int height)
{
    std::vector<uint8_t> rgb(size_t(width) * height * 3);
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x)
            for (int c = 0; c < 3; ++c)
                rgb[(size_t(y) * width + x) * 3 + c] = static_cast<uint8_t>(20 + (id % 8) * 10 + x * 2 + y + c * 20);
    return rgb;
}

/// RGB rows of a 32x32 image as CIFAR planes (R, G, B).
std::vector<uint8_t> planes(const std::vector<uint8_t>& rgb)
{
    std::vector<uint8_t> out(3072);
    for (int at = 0; at < 1024; ++at)
        for (int c = 0; c < 3; ++c)
            out[c * 1024 + at] = rgb[size_t(at) * 3 + c];
    return out;
}

int maxDifference(const std::vector<uint8_t>& a, const std::vector<uint8_t>& b)
{
    int worst = 0;
    for (size_t i = 0; i < a.size() && i < b.size(); ++i)
        worst = std::max(worst, std::abs(int(a[i]) - int(b[i])));
    return a.size() == b.size() ? worst : 999;
}

/// What the small folder's files should decode to: exact for PNG, approximately for JPEG.
struct Expected {
    std::vector<uint8_t> planes;
    int label = 0;
    bool exact = true;
};

/// train/{cat,ant,bee} and test/{ant,bee,cat}, made in that (unsorted) order; classes must come out
/// sorted: ant 0, bee 1, cat 2. One JPEG, one 64x64 PNG (resized), one greyscale PNG, one text file.
std::map<std::string, Expected> writeSmallFolder(const fs::path& root)
{
    std::map<std::string, Expected> expected;
    int id = 0;
    auto png = [&](const std::string& rel, int label) {
        fs::create_directories((root / rel).parent_path());
        const auto rgb = patternRgb(id++, 32, 32);
        fbtest::writePngFile(root / rel, 32, 32, rgb);
        expected[rel] = {planes(rgb), label, true};
    };
    for (int i = 0; i < 2; ++i)
        png("train/cat/c" + std::to_string(i) + ".png", 2);
    for (int i = 0; i < 3; ++i)
        png("train/ant/a" + std::to_string(i) + ".png", 0);
    for (int i = 0; i < 2; ++i)
        png("train/bee/b" + std::to_string(i) + ".PNG", 1); // extensions in any case
    const auto smooth = smoothRgb(3, 32, 32);
    fbtest::writeJpegFile(root / "train/bee/photo.jpeg", 32, 32, smooth);
    expected["train/bee/photo.jpeg"] = {planes(smooth), 1, false};
    // 64x64 whose 2x2 blocks hold 10, 11, 10, 11 (+ block offset): area averaging gives 10.5 -> 11.
    std::vector<uint8_t> big(64 * 64 * 3), small(32 * 32 * 3);
    for (int y = 0; y < 64; ++y)
        for (int x = 0; x < 64; ++x)
            for (int c = 0; c < 3; ++c)
                big[(size_t(y) * 64 + x) * 3 + c] = static_cast<uint8_t>(10 + (x % 2) + (x / 2) + 2 * c);
    for (int y = 0; y < 32; ++y)
        for (int x = 0; x < 32; ++x)
            for (int c = 0; c < 3; ++c)
                small[(size_t(y) * 32 + x) * 3 + c] = static_cast<uint8_t>(11 + x + 2 * c);
    fbtest::writePngFile(root / "train/cat/big.png", 64, 64, big);
    expected["train/cat/big.png"] = {planes(small), 2, true};
    fbtest::writeText(root / "train/cat/notes.txt", "not an image\n");
    fbtest::writeText(root / "train/cat/.hidden.png", "hidden files are not looked at\n");
    png("test/ant/t0.png", 0);
    png("test/bee/t1.png", 1);
    auto grey = patternRgb(id++, 32, 32);
    fs::create_directories(root / "test/cat");
    fbtest::writePngFile(root / "test/cat/grey.png", 32, 32, grey, true);
    for (size_t i = 0; i < grey.size(); i += 3)
        grey[i + 1] = grey[i + 2] = grey[i];
    expected["test/cat/grey.png"] = {planes(grey), 2, true};
    return expected;
}

std::vector<std::string> lines(const fs::path& file)
{
    std::istringstream in(flipbench::readFile(file));
    std::vector<std::string> out;
    for (std::string line; std::getline(in, line);)
        out.push_back(line);
    return out;
}

fs::path manifestOf(const ImageFolderImport& import)
{
    return import.cacheDir / "manifest.json";
}

/// Every cached record checked against the file the cache says it came from.
void checkRecords(const ImageFolderImport& import, const std::string& split, const fs::path& records,
                  const std::map<std::string, Expected>& expected)
{
    const auto manifest = fbtest::readJsonFile(manifestOf(import));
    const auto files = lines(import.cacheDir / manifest["splits"][split]["files"].get<std::string>());
    const auto bytes = fbtest::readBytes(records);
    QCOMPARE(bytes.size(), files.size() * 3073);
    for (size_t i = 0; i < files.size(); ++i) {
        const auto found = expected.find(files[i]);
        QVERIFY2(found != expected.end(), files[i].c_str());
        QCOMPARE(int(bytes[i * 3073]), found->second.label);
        const std::vector<uint8_t> pixels(bytes.begin() + i * 3073 + 1, bytes.begin() + (i + 1) * 3073);
        const int tolerance = found->second.exact ? 0 : 12;
        QVERIFY2(maxDifference(pixels, found->second.planes) <= tolerance,
                 (files[i] + ": off by " + std::to_string(maxDifference(pixels, found->second.planes))).c_str());
    }
}

bool anyReasonContains(const std::vector<flipbench::SkippedImage>& files, const std::string& path,
                       const std::string& reason)
{
    return std::any_of(files.begin(), files.end(), [&](const flipbench::SkippedImage& f) {
        return fbtest::contains(f.path, path) && fbtest::contains(f.reason, reason) && fs::path(f.path).is_absolute();
    });
}

/// Four bad files: truncated JPEG, text named .png, a GIF named .jpg, an empty file.
void addBadFiles(const fs::path& root)
{
    fbtest::writeJpegFile(root / "train/ant/cut.jpg", 32, 32, smoothRgb(1, 32, 32));
    auto bytes = fbtest::readBytes(root / "train/ant/cut.jpg");
    bytes.resize(bytes.size() / 2);
    fbtest::writeBytes(root / "train/ant/cut.jpg", bytes);
    fbtest::writeText(root / "train/bee/fake.png", "hello, I am text");
    fbtest::writeText(root / "train/cat/anim.jpg", "GIF89a\x01\x00\x01\x00");
    fbtest::writeText(root / "test/cat/empty.jpg", "");
}

} // namespace

class ImageFolderTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        // Fallback caches go to a scratch folder, never to the real ~/.cache.
        qputenv("XDG_CACHE_HOME", QByteArray::fromStdString((xdg_.path() / "cache").string()));
    }

    void decodesPngExactlyAndJpegClosely()
    {
        fbtest::ScratchDir scratch;
        const auto rgb = patternRgb(5, 7, 3); // not square: rows and columns must not swap
        fbtest::writePngFile(scratch / "a.png", 7, 3, rgb);
        const auto png = flipbench::decodeImage(flipbench::readFile(scratch / "a.png"));
        QCOMPARE(png.width, 7);
        QCOMPARE(png.height, 3);
        QVERIFY(png.pixels == rgb);

        const auto smooth = smoothRgb(2, 32, 32);
        fbtest::writeJpegFile(scratch / "a.jpg", 32, 32, smooth);
        const auto jpeg = flipbench::decodeImage(flipbench::readFile(scratch / "a.jpg"));
        QCOMPARE(jpeg.width, 32);
        QVERIFY2(maxDifference(jpeg.pixels, smooth) <= 12, std::to_string(maxDifference(jpeg.pixels, smooth)).c_str());
        QVERIFY(jpeg.pixels != smooth); // lossy: the tolerance above is doing something
    }

    void reportsWhyAFileIsNotAnImage()
    {
        fbtest::ScratchDir scratch;
        const auto reason = [](const std::string& bytes) {
            return fbtest::thrownMessage<flipbench::ImageDecodeError>([&] { flipbench::decodeImage(bytes); })
                .value_or("(decoded)");
        };
        QVERIFY(fbtest::contains(reason(""), "empty file"));
        QVERIFY(fbtest::contains(reason("GIF89a...."), "a GIF image"));
        QVERIFY(fbtest::contains(reason("plain text"), "not a PNG or JPEG"));
        fbtest::writeJpegFile(scratch / "a.jpg", 32, 32, smoothRgb(0, 32, 32));
        const std::string jpeg = flipbench::readFile(scratch / "a.jpg");
        QVERIFY(fbtest::contains(reason(jpeg.substr(0, jpeg.size() / 2)), "truncated JPEG"));
        fbtest::writePngFile(scratch / "a.png", 32, 32, patternRgb(0, 32, 32));
        const std::string png = flipbench::readFile(scratch / "a.png");
        QVERIFY(fbtest::contains(reason(png.substr(0, png.size() / 2)), "damaged PNG"));
    }

    void resizesByAreaAveraging()
    {
        flipbench::RgbImage small{16, 16, patternRgb(1, 16, 16)};
        const auto up = flipbench::resizeAreaAverage(small, 32, 32);
        for (int y = 0; y < 32; ++y) // a 2x enlargement repeats every pixel into a 2x2 block
            for (int x = 0; x < 32; ++x)
                QCOMPARE(up.pixels[(size_t(y) * 32 + x) * 3 + 1], small.pixels[(size_t(y / 2) * 16 + x / 2) * 3 + 1]);
        flipbench::RgbImage flat{40, 24, std::vector<uint8_t>(40 * 24 * 3, 77)};
        const auto odd = flipbench::resizeAreaAverage(flat, 32, 32); // fractional weights still sum to 1
        QVERIFY(std::all_of(odd.pixels.begin(), odd.pixels.end(), [](uint8_t v) { return v == 77; }));
        // 3 -> 2: output pixel 0 covers input 0 fully and half of input 1: (0 * 1 + 90 * 0.5) / 1.5 = 30.
        flipbench::RgbImage row{3, 1, {0, 0, 0, 90, 90, 90, 200, 200, 200}};
        const auto two = flipbench::resizeAreaAverage(row, 2, 1);
        QCOMPARE(int(two.pixels[0]), 30);
        QCOMPARE(int(two.pixels[3]), 163); // (90 * 0.5 + 200) / 1.5 = 163.3
    }

    void importsClassesLabelsAndPixels()
    {
        fbtest::ScratchDir scratch;
        const fs::path root = scratch / "pets";
        const auto expected = writeSmallFolder(root);
        const ImageFolderImport import = flipbench::importImageFolder(root);
        QCOMPARE(import.classNames, (std::vector<std::string>{"ant", "bee", "cat"}));
        QCOMPARE(import.train.imagesPerClass, (std::vector<int64_t>{3, 3, 3}));
        QCOMPARE(import.test.imagesPerClass, (std::vector<int64_t>{1, 1, 1}));
        QCOMPARE(import.train.resized, int64_t(1));
        QCOMPARE(import.ignoredFiles, (std::vector<std::string>{"train/cat/notes.txt"}));
        QCOMPARE(import.skippedCount(), int64_t(0));
        QVERIFY(!import.reusedCache);
        QVERIFY(fs::equivalent(import.cacheDir, root / ".flipbench-cache"));
        checkRecords(import, "train", import.trainFile, expected);
        checkRecords(import, "test", import.testFile, expected);

        const flipbench::SplitDataset data = flipbench::loadImageFolder(root, {});
        QCOMPARE(data.train.size(), int64_t(9));
        QCOMPARE(data.test.size(), int64_t(3));
        QCOMPARE(data.classNames, import.classNames);
        QVERIFY(fs::equivalent(data.sourceDir, root));
        const std::string report = flipbench::formatImportReport(import);
        QVERIFY2(fbtest::contains(report, "3 classes, 9 training and 3 test images"), report.c_str());
        QVERIFY2(fbtest::contains(report, "every image file could be read"), report.c_str());
    }

    void skipsOrRefusesUnreadableFiles()
    {
        fbtest::ScratchDir scratch;
        const fs::path root = scratch / "pets";
        writeSmallFolder(root);
        addBadFiles(root);

        flipbench::ImageFolderOptions refuse;
        refuse.onBadImage = flipbench::BadImagePolicy::Refuse;
        std::vector<flipbench::SkippedImage> refused;
        try {
            flipbench::importImageFolder(root, refuse);
            QFAIL("an import with unreadable files was not refused");
        } catch (const flipbench::ImageFolderRefused& e) {
            refused = e.files;
            QVERIFY2(fbtest::contains(e.what(), "4 image file(s) cannot be read"), e.what());
        }
        QCOMPARE(refused.size(), size_t(4));
        QVERIFY(!fs::exists(root / ".flipbench-cache" / "manifest.json")); // refused: nothing written

        const ImageFolderImport import = flipbench::importImageFolder(root); // skip is the default
        QCOMPARE(import.skippedCount(), int64_t(4));
        QVERIFY(anyReasonContains(import.train.skipped, "train/ant/cut.jpg", "truncated JPEG"));
        QVERIFY(anyReasonContains(import.train.skipped, "train/bee/fake.png", "not a PNG or JPEG"));
        QVERIFY(anyReasonContains(import.train.skipped, "train/cat/anim.jpg", "a GIF image"));
        QVERIFY(anyReasonContains(import.test.skipped, "test/cat/empty.jpg", "empty file"));
        QCOMPARE(import.train.images, int64_t(9));
        QCOMPARE(import.test.images, int64_t(3));
        const std::string report = flipbench::formatImportReport(import);
        QVERIFY2(fbtest::contains(report, "4 unreadable image file(s) skipped"), report.c_str());
        QVERIFY2(fbtest::contains(report, (root / "train/ant/cut.jpg").string() + ": truncated JPEG data"),
                 report.c_str());

        // The reused cache keeps the report, and refusing still refuses without decoding again.
        const ImageFolderImport again = flipbench::importImageFolder(root);
        QVERIFY(again.reusedCache);
        QCOMPARE(again.skippedCount(), int64_t(4));
        QVERIFY(
            fbtest::thrownMessage<flipbench::ImageFolderRefused>([&] { flipbench::importImageFolder(root, refuse); }));
    }

    void reusesTheCacheUntilTheFolderChanges()
    {
        fbtest::ScratchDir scratch;
        const fs::path root = scratch / "pets";
        writeSmallFolder(root);
        const ImageFolderImport first = flipbench::importImageFolder(root);
        const auto manifestTime = fs::last_write_time(manifestOf(first));

        const ImageFolderImport second = flipbench::importImageFolder(root);
        QVERIFY(second.reusedCache);
        QCOMPARE(fs::last_write_time(manifestOf(second)), manifestTime); // nothing rewritten
        QCOMPARE(second.trainFile, first.trainFile);
        const std::string fingerprint = flipbench::datasetFingerprint(flipbench::loadImageFolder(root, {}).test);

        // Touched (same bytes, new time): imported again, same pixels, same test-set fingerprint.
        fs::last_write_time(root / "test/ant/t0.png",
                            fs::last_write_time(root / "test/ant/t0.png") + std::chrono::seconds(5));
        const ImageFolderImport touched = flipbench::importImageFolder(root);
        QVERIFY(!touched.reusedCache);
        QCOMPARE(flipbench::datasetFingerprint(flipbench::loadImageFolder(root, {}).test), fingerprint);

        // Added: imported again with it; the old record files are gone.
        fbtest::writePngFile(root / "test/ant/t9.png", 32, 32, patternRgb(99, 32, 32));
        const ImageFolderImport added = flipbench::importImageFolder(root);
        QVERIFY(!added.reusedCache);
        QCOMPARE(added.test.images, int64_t(4));
        QVERIFY(flipbench::datasetFingerprint(flipbench::loadImageFolder(root, {}).test) != fingerprint);
        int recordFiles = 0;
        for (const auto& entry : fs::directory_iterator(added.cacheDir))
            recordFiles += entry.path().extension() == ".bin";
        QCOMPARE(recordFiles, 2);

        // Removed: imported again without it.
        fs::remove(root / "train/ant/a0.png");
        const ImageFolderImport removed = flipbench::importImageFolder(root);
        QVERIFY(!removed.reusedCache);
        QCOMPARE(removed.train.imagesPerClass, (std::vector<int64_t>{2, 3, 3}));
    }

    void fallsBackWhenTheFolderIsNotWritable()
    {
        fbtest::ScratchDir scratch;
        const fs::path root = scratch / "pets";
        writeSmallFolder(root);
        // A file where the cache folder would go: the cache cannot be written beside the images
        // (the same path as a read-only folder, and it works when the tests run as root).
        fbtest::writeText(root / ".flipbench-cache", "in the way");
        const ImageFolderImport import = flipbench::importImageFolder(root);
        const fs::path fallback = xdg_.path() / "cache" / "flipbench" / "image-folders";
        QVERIFY2(fbtest::startsWith(import.cacheDir.string(), fallback.string()), import.cacheDir.c_str());
        QVERIFY(flipbench::importImageFolder(root).reusedCache);
        QCOMPARE(flipbench::loadImageFolder(root, {}).train.size(), int64_t(9));
    }

    void splitsLimitsAndTellsFolderKinds()
    {
        fbtest::ScratchDir scratch;
        const fs::path root = scratch / "pets";
        writeSmallFolder(root);
        QVERIFY(flipbench::dataFolderKind(root) == flipbench::DataFolderKind::ImageFolder);
        const auto before = flipbench::inspectDataFolder(root);
        QVERIFY(!before.imported);
        QCOMPARE(before.trainImages, int64_t(9)); // counted by name, nothing decoded
        QVERIFY(
            fbtest::contains(flipbench::describeDataFolder(before), "decoded into a cache when the first run starts"));
        addBadFiles(root);

        flipbench::CifarLoadOptions options;
        options.trainLimit = 8;
        options.valSize = 3;
        options.testLimit = 2;
        const flipbench::SplitDataset data = flipbench::loadDataFolder(root, options);
        QCOMPARE(data.train.size(), int64_t(5));
        QCOMPARE(data.val.size(), int64_t(3));
        QCOMPARE(data.test.size(), int64_t(2));
        // The fixed order mixes the classes, so the first images are not all of the first class.
        const auto labels = data.train.labels;
        QVERIFY(labels.min().item<int64_t>() != labels.max().item<int64_t>());

        const auto after = flipbench::inspectDataFolder(root);
        QVERIFY(after.imported);
        QCOMPARE(after.skippedFiles, int64_t(4));
        QCOMPARE(after.trainImages, int64_t(9));
        QCOMPARE(
            flipbench::describeDataFolder(after),
            std::string("Image folder: 9 train / 3 test images, 3 classes (imported; 4 unreadable files skipped)"));

        const auto pictures = flipbench::readDataFolderTestImages(root, 2); // what a comparison shows
        QVERIFY(torch::equal(pictures.images, data.test.images));
        QVERIFY(torch::equal(pictures.labels, data.test.labels));

        const fs::path cifar = fbtest::writeSmallCifarFolder(scratch / "c", 2, 3);
        QVERIFY(flipbench::dataFolderKind(cifar) == flipbench::DataFolderKind::CifarBinary);
        QCOMPARE(flipbench::loadDataFolder(cifar, {}).train.size(), int64_t(10));
        const auto wrongLevel = fbtest::thrownMessage<DataError>([&] { flipbench::dataFolderKind(root / "train"); });
        QVERIFY(wrongLevel && fbtest::contains(*wrongLevel, "give its parent"));
        const auto neither = fbtest::thrownMessage<DataError>([&] { flipbench::dataFolderKind(root / "train/ant"); });
        QVERIFY(neither && fbtest::contains(*neither, "nor an image folder"));
    }

    void explainsABadLayout()
    {
        fbtest::ScratchDir scratch;
        const fs::path root = scratch / "pets";
        writeSmallFolder(root);
        fs::create_directories(root / "test/dog");
        fbtest::writePngFile(root / "test/dog/d.png", 32, 32, patternRgb(1, 32, 32));
        auto message = fbtest::thrownMessage<DataError>([&] { flipbench::importImageFolder(root); });
        QVERIFY(message && fbtest::contains(*message, "test/dog has no matching train/dog"));
        fs::remove_all(root / "test/dog");

        fs::create_directories(root / "train/empty");
        message = fbtest::thrownMessage<DataError>([&] { flipbench::importImageFolder(root); });
        QVERIFY(message && fbtest::contains(*message, "train/empty holds no .png, .jpg or .jpeg file"));
        fs::remove_all(root / "train/empty");

        fs::remove_all(root / "test");
        message = fbtest::thrownMessage<DataError>([&] { flipbench::importImageFolder(root); });
        QVERIFY(message && fbtest::contains(*message, "is not an image folder"));
    }

    void commandLineReportsAndRefuses()
    {
        fbtest::ScratchDir scratch;
        const fs::path root = scratch / "pets";
        writeSmallFolder(root);
        addBadFiles(root);
        const QString cli = QStringLiteral(FLIPBENCH_CLI_PATH);
        const auto refused =
            fbtest::runProcess(cli, {"import-images", fbtest::toQString(root), "--on-error", "refuse"});
        QVERIFY2(refused.exitCode == 2, qPrintable(refused.describe()));
        QVERIFY2(refused.out.contains("4 unreadable image file(s); nothing imported"), qPrintable(refused.describe()));
        QVERIFY(refused.out.contains(fbtest::toQString(root / "test/cat/empty.jpg") + ": empty file"));
        QVERIFY(!fs::exists(root / ".flipbench-cache" / "manifest.json"));

        const auto skipped = fbtest::runProcess(cli, {"import-images", fbtest::toQString(root)});
        QVERIFY2(skipped.exitCode == 0, qPrintable(skipped.describe()));
        QVERIFY2(skipped.out.contains(QRegularExpression("ant +0 +3 +1\\n")), qPrintable(skipped.out));
        QVERIFY(skipped.out.contains("4 unreadable image file(s) skipped"));
        QVERIFY(skipped.out.contains(fbtest::toQString(root / "train/bee/fake.png") + ": not a PNG or JPEG"));

        const auto badOption = fbtest::runProcess(cli, {"import-images", fbtest::toQString(root), "--on-error", "x"});
        QCOMPARE(badOption.exitCode, 2);
    }

    void trainsARunOnAnImageFolder()
    {
        fbtest::ScratchDir scratch;
        const fs::path root = scratch / "shapes";
        for (int c = 0; c < 3; ++c)
            for (int i = 0; i < 24; ++i) {
                const std::string split = i < 18 ? "train" : "test";
                const fs::path file = root / split / ("class" + std::to_string(c)) / (std::to_string(i) + ".png");
                fs::create_directories(file.parent_path());
                fbtest::writePngFile(file, 32, 32, patternRgb(c * 50 + i % 3, 32, 32));
            }
        const auto config = fbtest::tinyRunConfig(root, "images", 1, 3);
        flipbench::PreparedRun prepared = flipbench::prepareNewRun(config, scratch / "ws");
        flipbench::NullProgressSink sink;
        const auto outcome = flipbench::trainRun(prepared.folder, prepared.config, prepared.data, sink, {});
        QVERIFY2(outcome.state == flipbench::RunState::Completed, outcome.message.c_str());

        const auto dataset = fbtest::readJsonFile(prepared.folder.file("dataset.json"));
        QCOMPARE(dataset["layout"].get<std::string>(), std::string("image-folder"));
        QCOMPARE(dataset["train_size"].get<int64_t>(), int64_t(54));
        QCOMPARE(dataset["test_size"].get<int64_t>(), int64_t(18));
        QCOMPARE(dataset["fingerprint"].get<std::string>(),
                 flipbench::datasetFingerprint(flipbench::loadDataFolder(root, {}).test));
        QVERIFY(fs::equivalent(
            fbtest::readJsonFile(prepared.folder.file("config.json"))["data"]["path"].get<std::string>(), root));
    }

private:
    fbtest::ScratchDir xdg_;
};

QTEST_GUILESS_MAIN(ImageFolderTest)
#include "tst_image_folder.moc"
