// .npy files: exact round trips, the v1.0 header layout, broken files, and interop with NumPy.

#include "test_support.h"

#include "flipbench/util/errors.h"
#include "flipbench/pytorch/npy.h"

#include <QProcess>
#include <QtTest/QtTest>
#include <torch/torch.h>

#include <limits>

using fbtest::contains;

namespace {

const char* const kPython = "/usr/bin/python3";

/// 3 x 4 float32: -1.25 + 0.5 * i for i = 0..11, all exactly representable.
/// Sum = 12 * (-1.25) + 0.5 * (0 + 1 + ... + 11) = -15 + 33 = 18.
torch::Tensor sampleFloats()
{
    return torch::arange(12, torch::kFloat32).reshape({3, 4}) * 0.5 - 1.25;
}

/// 5 int64 values that do not fit in 32 bits or are the extremes.
torch::Tensor sampleLongs()
{
    return torch::tensor(std::vector<int64_t>{0, -7, int64_t(1) << 40, std::numeric_limits<int64_t>::max(),
                                              std::numeric_limits<int64_t>::min()},
                         torch::kInt64);
}

struct NpyHeader {
    std::string magic;
    int major = -1, minor = -1;
    size_t headerLength = 0;
    std::string dict;
};

NpyHeader parseHeader(const std::vector<uint8_t>& bytes)
{
    NpyHeader h;
    if (bytes.size() < 10)
        return h;
    h.magic.assign(bytes.begin(), bytes.begin() + 6);
    h.major = bytes[6];
    h.minor = bytes[7];
    h.headerLength = size_t(bytes[8]) | (size_t(bytes[9]) << 8); // little-endian uint16
    if (bytes.size() >= 10 + h.headerLength)
        h.dict.assign(bytes.begin() + 10, bytes.begin() + 10 + long(h.headerLength));
    return h;
}

/// Runs /usr/bin/python3 with numpy on `script` (argv[1] = `file`); returns stdout, or QSKIPs
/// (from the calling test, hence a macro) when that interpreter or numpy is missing.
#define RUN_NUMPY_OR_SKIP(output, script, file)                                                                        \
    QString output;                                                                                                    \
    {                                                                                                                  \
        if (!QFileInfo::exists(kPython))                                                                               \
            QSKIP("/usr/bin/python3 not found: cannot check the file with numpy");                                     \
        QProcess probe;                                                                                                \
        probe.start(kPython, {"-c", "import numpy"});                                                                  \
        if (!probe.waitForFinished(-1) || probe.exitStatus() != QProcess::NormalExit || probe.exitCode() != 0)         \
            QSKIP("numpy is not installed for /usr/bin/python3: cannot check the file with numpy");                    \
        QProcess python;                                                                                               \
        python.start(kPython, {"-c", script, fbtest::toQString(file)});                                                \
        QVERIFY(python.waitForFinished(-1));                                                                           \
        QVERIFY2(python.exitCode() == 0, python.readAllStandardError().constData());                                   \
        output = QString::fromUtf8(python.readAllStandardOutput()).trimmed();                                          \
    }

} // namespace

class TestNpy : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void roundTripFloat2D()
    {
        fbtest::ScratchDir scratch;
        const auto file = scratch / "f.npy";
        flipbench::writeNpy(file, sampleFloats());
        const torch::Tensor back = flipbench::readNpy(file);
        QCOMPARE(back.scalar_type(), torch::kFloat32);
        QCOMPARE(back.sizes().vec(), std::vector<int64_t>({3, 4}));
        QVERIFY(torch::equal(back, sampleFloats()));
        QCOMPARE(back[2][3].item<float>(), 4.25f); // -1.25 + 0.5 * 11
    }

    void roundTripInt64_1D()
    {
        fbtest::ScratchDir scratch;
        const auto file = scratch / "i.npy";
        flipbench::writeNpy(file, sampleLongs());
        const torch::Tensor back = flipbench::readNpy(file);
        QCOMPARE(back.scalar_type(), torch::kInt64);
        QCOMPARE(back.sizes().vec(), std::vector<int64_t>({5}));
        QVERIFY(torch::equal(back, sampleLongs()));
    }

    void roundTripOtherRanksAndLayouts()
    {
        fbtest::ScratchDir scratch;
        // Rank 3.
        const torch::Tensor cube = torch::arange(24, torch::kFloat32).reshape({2, 3, 4}) / 8;
        flipbench::writeNpy(scratch / "cube.npy", cube);
        QVERIFY(torch::equal(flipbench::readNpy(scratch / "cube.npy"), cube));
        // A transposed (non-contiguous) view must be written in C order of its logical layout.
        const torch::Tensor transposed = sampleFloats().t();
        QVERIFY(!transposed.is_contiguous());
        flipbench::writeNpy(scratch / "t.npy", transposed);
        const torch::Tensor back = flipbench::readNpy(scratch / "t.npy");
        QCOMPARE(back.sizes().vec(), std::vector<int64_t>({4, 3}));
        QVERIFY(torch::equal(back, transposed));
    }

    void headerIsVersion1_data()
    {
        QTest::addColumn<bool>("floats");
        QTest::addColumn<QString>("descr");
        QTest::addColumn<QString>("shape");
        QTest::addColumn<int>("dataBytes");
        QTest::newRow("float32 3x4") << true << "'descr': '<f4'"
                                     << "'shape': (3, 4)" << 3 * 4 * 4;
        QTest::newRow("int64 5") << false << "'descr': '<i8'"
                                 << "'shape': (5,)" << 5 * 8;
    }

    void headerIsVersion1()
    {
        QFETCH(bool, floats);
        QFETCH(QString, descr);
        QFETCH(QString, shape);
        QFETCH(int, dataBytes);
        fbtest::ScratchDir scratch;
        const auto file = scratch / "h.npy";
        flipbench::writeNpy(file, floats ? sampleFloats() : sampleLongs());

        const std::vector<uint8_t> bytes = fbtest::readBytes(file);
        const NpyHeader h = parseHeader(bytes);
        QCOMPARE(h.magic, std::string("\x93NUMPY"));
        QCOMPARE(h.major, 1);
        QCOMPARE(h.minor, 0);
        // 6 magic + 2 version + 2 length + header: the data starts at a multiple of 64.
        QCOMPARE((10 + h.headerLength) % 64, size_t(0));
        QCOMPARE(bytes.size(), 10 + h.headerLength + size_t(dataBytes));
        QVERIFY2(contains(h.dict, descr.toStdString()), h.dict.c_str());
        QVERIFY2(contains(h.dict, "'fortran_order': False"), h.dict.c_str());
        QVERIFY2(contains(h.dict, shape.toStdString()), h.dict.c_str());
        QVERIFY2(fbtest::startsWith(h.dict, "{"), h.dict.c_str());
        QCOMPARE(h.dict.back(), '\n'); // padded with spaces, terminated by a newline
    }

    void brokenFilesThrowDataError()
    {
        fbtest::ScratchDir scratch;
        const auto good = scratch / "good.npy";
        flipbench::writeNpy(good, torch::ones({100, 10}, torch::kFloat32));
        const std::vector<uint8_t> bytes = fbtest::readBytes(good);

        // Data cut short by 8 bytes.
        fbtest::writeBytes(scratch / "short.npy", std::vector<uint8_t>(bytes.begin(), bytes.end() - 8));
        // Cut inside the header.
        fbtest::writeBytes(scratch / "header.npy", std::vector<uint8_t>(bytes.begin(), bytes.begin() + 20));
        // Not an .npy file at all.
        fbtest::writeText(scratch / "garbage.npy", "this is not a numpy file, just some text\n");

        for (const char* name : {"short.npy", "header.npy", "garbage.npy", "missing.npy"}) {
            const auto message =
                fbtest::thrownMessage<flipbench::DataError>([&] { flipbench::readNpy(scratch / name); });
            QVERIFY2(message, name);
            QVERIFY2(contains(*message, name), message->c_str());
        }
    }

    void numpyLoadsFloatFile()
    {
        fbtest::ScratchDir scratch;
        const auto file = scratch / "f.npy";
        flipbench::writeNpy(file, sampleFloats());
        RUN_NUMPY_OR_SKIP(output,
                          "import sys, numpy as np\n"
                          "a = np.load(sys.argv[1])\n"
                          "print(a.dtype.str, *a.shape, float(a.sum()), float(a[2, 3]))\n",
                          file);
        // Sum 18 (see sampleFloats); a[2, 3] = 4.25.
        QCOMPARE(output, QString("<f4 3 4 18.0 4.25"));
    }

    void numpyLoadsInt64File()
    {
        fbtest::ScratchDir scratch;
        const auto file = scratch / "i.npy";
        flipbench::writeNpy(file, sampleLongs());
        RUN_NUMPY_OR_SKIP(output,
                          "import sys, numpy as np\n"
                          "a = np.load(sys.argv[1])\n"
                          "print(a.dtype.str, *a.shape, *[int(v) for v in a])\n",
                          file);
        QCOMPARE(output, QString("<i8 5 0 -7 1099511627776 9223372036854775807 -9223372036854775808"));
    }

    void readsFilesWrittenByNumpy()
    {
        fbtest::ScratchDir scratch;
        const auto dir = scratch.path();
        RUN_NUMPY_OR_SKIP(
            output,
            "import sys, os, numpy as np\n"
            "np.save(os.path.join(sys.argv[1], 'f.npy'), (np.arange(6, dtype='<f4') * 0.25).reshape(2, 3))\n"
            "np.save(os.path.join(sys.argv[1], 'i.npy'), np.array([3, -1, 2**40], dtype='<i8'))\n"
            "print('ok')\n",
            dir);
        QCOMPARE(output, QString("ok"));
        const torch::Tensor f = flipbench::readNpy(dir / "f.npy");
        QCOMPARE(f.scalar_type(), torch::kFloat32);
        QVERIFY(torch::equal(f, (torch::arange(6, torch::kFloat32) * 0.25).reshape({2, 3})));
        const torch::Tensor i = flipbench::readNpy(dir / "i.npy");
        QCOMPARE(i.scalar_type(), torch::kInt64);
        QVERIFY(torch::equal(i, torch::tensor(std::vector<int64_t>{3, -1, int64_t(1) << 40})));
    }
};

QTEST_GUILESS_MAIN(TestNpy)
#include "tst_npy.moc"
