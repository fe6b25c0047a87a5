// Reading the CIFAR-10 binary layout: values, splits, and the DataError messages for broken files.

#include "test_support.h"

#include "flipbench/data/cifar_reader.h"
#include "flipbench/util/errors.h"

#include <QtTest/QtTest>
#include <torch/torch.h>

using fbtest::contains;
using flipbench::DataError;

namespace {

/// The image a pattern record holds, as the reader should return it (3 x 32 x 32 uint8).
torch::Tensor expectedImage(int64_t recordId)
{
    fbtest::CifarRecord record = fbtest::patternRecord(recordId, 0);
    return torch::from_blob(record.pixels.data(), {3, 32, 32}, torch::kUInt8).clone();
}

/// True when sample `index` of `set` holds pattern record `recordId` with label `label`.
bool holdsRecord(const flipbench::ImageSet& set, int64_t index, int64_t recordId, int64_t label)
{
    return set.labels[index].item<int64_t>() == label && torch::equal(set.images[index], expectedImage(recordId));
}

} // namespace

class TestCifarReader : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void readsOneBatchFile()
    {
        fbtest::ScratchDir scratch;
        const auto file = scratch / "data_batch_1.bin";
        fbtest::writeBatchFile(file,
                               {fbtest::patternRecord(0, 2), fbtest::patternRecord(1, 7), fbtest::patternRecord(2, 9)});

        const flipbench::ImageSet set = flipbench::readCifarBatchFile(file);
        QCOMPARE(set.size(), int64_t(3));
        QCOMPARE(set.images.sizes().vec(), std::vector<int64_t>({3, 3, 32, 32}));
        QCOMPARE(set.images.scalar_type(), torch::kUInt8);
        QCOMPARE(set.labels.scalar_type(), torch::kInt64);
        QCOMPARE(set.labels[0].item<int64_t>(), int64_t(2));
        QCOMPARE(set.labels[1].item<int64_t>(), int64_t(7));
        QCOMPARE(set.labels[2].item<int64_t>(), int64_t(9));

        // Spot checks against the raw file: byte 1 + 1024*c + 32*row + col of a record is
        // channel c (R=0, G=1, B=2) at (row, col).
        const std::vector<uint8_t> bytes = fbtest::readBytes(file);
        const auto rawPixel = [&](int64_t record, int c, int row, int col) {
            return int(bytes[size_t(record * flipbench::kCifarRecordBytes + 1 + 1024 * c + 32 * row + col)]);
        };
        QCOMPARE(int(set.images[1][0][0][0].item<uint8_t>()), rawPixel(1, 0, 0, 0));
        QCOMPARE(int(set.images[1][1][5][9].item<uint8_t>()), rawPixel(1, 1, 5, 9));
        QCOMPARE(int(set.images[2][2][31][30].item<uint8_t>()), rawPixel(2, 2, 31, 30));
        // patternPixel(2, 2, 31, 30) = (14 + 170 + 93 + 30) & 255 = 307 & 255 = 51.
        QCOMPARE(int(set.images[2][2][31][30].item<uint8_t>()), 51);

        // And every pixel of every record.
        for (int64_t i = 0; i < 3; ++i)
            QVERIFY2(torch::equal(set.images[i], expectedImage(i)), qPrintable(QString("record %1").arg(i)));
    }

    void readsClassNamesIgnoringBlankLines()
    {
        fbtest::ScratchDir scratch;
        const auto dir = fbtest::writeSmallCifarFolder(scratch.path(), 1, 1);
        const auto names = flipbench::readCifarClassNames(dir / "batches.meta.txt");
        QCOMPARE(names, fbtest::cifarClassNames());
    }

    void loadsAllFilesInOrder()
    {
        fbtest::ScratchDir scratch;
        const auto dir = fbtest::writeSmallCifarFolder(scratch.path(), 4, 6);

        const flipbench::SplitDataset data = flipbench::loadCifar10Binary(dir, {});
        QCOMPARE(data.train.size(), int64_t(20)); // 5 files x 4 records
        QCOMPARE(data.val.size(), int64_t(0));
        QCOMPARE(data.test.size(), int64_t(6));
        QCOMPARE(data.numClasses(), int64_t(10));
        QCOMPARE(data.classNames, fbtest::cifarClassNames());
        QCOMPARE(fbtest::fs::path(data.sourceDir).filename().string(), std::string("cifar-10-batches-bin"));

        // data_batch_1 first, data_batch_5 last: training record k has label k % 10.
        for (int64_t k = 0; k < 20; ++k)
            QVERIFY2(holdsRecord(data.train, k, k, k % 10), qPrintable(QString("train %1").arg(k)));
        for (int64_t k = 0; k < 6; ++k)
            QVERIFY2(holdsRecord(data.test, k, 1000 + k, (3 * k) % 10), qPrintable(QString("test %1").arg(k)));
    }

    void appliesLimitsAndValidationSplit()
    {
        fbtest::ScratchDir scratch;
        const auto dir = fbtest::writeSmallCifarFolder(scratch.path(), 4, 6);

        flipbench::CifarLoadOptions options;
        options.trainLimit = 13; // records 0..12 (crosses into data_batch_4)
        options.testLimit = 4;   // test records 0..3
        options.valSize = 3;     // the last 3 of the 13: records 10, 11, 12
        const flipbench::SplitDataset data = flipbench::loadCifar10Binary(dir, options);

        QCOMPARE(data.train.size(), int64_t(10));
        QCOMPARE(data.val.size(), int64_t(3));
        QCOMPARE(data.test.size(), int64_t(4));
        for (int64_t k = 0; k < 10; ++k)
            QVERIFY2(holdsRecord(data.train, k, k, k % 10), qPrintable(QString("train %1").arg(k)));
        for (int64_t k = 0; k < 3; ++k)
            QVERIFY2(holdsRecord(data.val, k, 10 + k, (10 + k) % 10), qPrintable(QString("val %1").arg(k)));
        for (int64_t k = 0; k < 4; ++k)
            QVERIFY2(holdsRecord(data.test, k, 1000 + k, (3 * k) % 10), qPrintable(QString("test %1").arg(k)));
    }

    void missingFileIsNamed()
    {
        fbtest::ScratchDir scratch;
        const auto dir = fbtest::writeSmallCifarFolder(scratch.path(), 2, 2);
        fbtest::fs::remove(dir / "data_batch_3.bin");

        const auto message = fbtest::thrownMessage<DataError>([&] { flipbench::loadCifar10Binary(dir, {}); });
        QVERIFY2(message, "a missing data_batch_3.bin must throw DataError");
        QVERIFY2(contains(*message, "data_batch_3.bin"), message->c_str());

        const auto direct =
            fbtest::thrownMessage<DataError>([&] { flipbench::readCifarBatchFile(dir / "data_batch_3.bin"); });
        QVERIFY2(direct, "readCifarBatchFile on a missing file must throw DataError");
        QVERIFY2(contains(*direct, "data_batch_3.bin"), direct->c_str());
    }

    void sizeNotMultipleOfRecordIsRejected()
    {
        fbtest::ScratchDir scratch;
        const auto file = scratch / "test_batch.bin";
        // Two whole records and 100 stray bytes: 2 * 3073 + 100 = 6246 bytes.
        std::vector<uint8_t> bytes(2 * 3073 + 100, 3);
        fbtest::writeBytes(file, bytes);

        const auto message = fbtest::thrownMessage<DataError>([&] { flipbench::readCifarBatchFile(file); });
        QVERIFY2(message, "a truncated batch file must throw DataError");
        QVERIFY2(contains(*message, "test_batch.bin"), message->c_str());
        QVERIFY2(contains(*message, "3073"), message->c_str()); // what was expected
        QVERIFY2(contains(*message, "6246"), message->c_str()); // what was found
    }

    void labelOutOfRangeIsRejected_data()
    {
        QTest::addColumn<int>("badLabel");
        QTest::newRow("10") << 10;
        QTest::newRow("255") << 255;
    }

    void labelOutOfRangeIsRejected()
    {
        QFETCH(int, badLabel);
        fbtest::ScratchDir scratch;
        const auto file = scratch / "data_batch_2.bin";
        fbtest::writeBatchFile(file, {fbtest::patternRecord(0, 1), fbtest::patternRecord(1, uint8_t(badLabel))});

        const auto message = fbtest::thrownMessage<DataError>([&] { flipbench::readCifarBatchFile(file); });
        QVERIFY2(message, "a label outside 0..9 must throw DataError");
        QVERIFY2(contains(*message, "data_batch_2.bin"), message->c_str());
        QVERIFY2(contains(*message, std::to_string(badLabel)), message->c_str());
    }

    void labelBoundFollowsNumClasses()
    {
        fbtest::ScratchDir scratch;
        const auto file = scratch / "data_batch_1.bin";
        fbtest::writeBatchFile(file, {fbtest::patternRecord(0, 4)});
        // Label 4 is fine for 10 classes but not for 3.
        QCOMPARE(flipbench::readCifarBatchFile(file, 10).size(), int64_t(1));
        QVERIFY(fbtest::thrownMessage<DataError>([&] { flipbench::readCifarBatchFile(file, 3); }));
    }

    void emptyClassNamesFileIsRejected_data()
    {
        QTest::addColumn<QString>("content");
        QTest::newRow("empty") << QString();
        QTest::newRow("blank lines only") << QString("\n\n  \n");
    }

    void emptyClassNamesFileIsRejected()
    {
        QFETCH(QString, content);
        fbtest::ScratchDir scratch;
        const auto file = scratch / "batches.meta.txt";
        fbtest::writeText(file, content.toStdString());

        const auto message = fbtest::thrownMessage<DataError>([&] { flipbench::readCifarClassNames(file); });
        QVERIFY2(message, "a meta file without class names must throw DataError");
        QVERIFY2(contains(*message, "batches.meta.txt"), message->c_str());
    }

    void locatesFolderItselfAndParent()
    {
        fbtest::ScratchDir scratch;
        const auto dir = fbtest::writeSmallCifarFolder(scratch.path(), 1, 1);
        QVERIFY(fbtest::fs::equivalent(flipbench::locateCifarBinaryDir(dir), dir));
        QVERIFY(fbtest::fs::equivalent(flipbench::locateCifarBinaryDir(scratch.path()), dir));
        // Loading through the parent reads the same data.
        QCOMPARE(flipbench::loadCifar10Binary(scratch.path(), {}).train.size(), int64_t(5));
    }

    void locateRejectsFolderWithoutCifar()
    {
        fbtest::ScratchDir scratch;
        fbtest::fs::create_directories(scratch / "empty");
        const auto message =
            fbtest::thrownMessage<DataError>([&] { flipbench::locateCifarBinaryDir(scratch / "empty"); });
        QVERIFY2(message, "a folder without CIFAR-10 files must throw DataError");
        QVERIFY2(contains(*message, "empty"), message->c_str());
    }
};

QTEST_GUILESS_MAIN(TestCifarReader)
#include "tst_cifar_reader.moc"
