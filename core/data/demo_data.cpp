#include "flipbench/data/demo_data.h"

#include "flipbench/util/atomic_file.h"
#include "flipbench/data/cifar_reader.h"
#include "flipbench/util/errors.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <fstream>
#include <vector>

namespace fs = std::filesystem;

namespace flipbench {

namespace {

const std::array<const char*, 10> kShapeNames = {"disc",     "square",   "triangle", "plus",  "ring",
                                                 "hstripes", "vstripes", "diamond",  "cross", "dots"};

/// splitmix64: tiny, fast and identical on every platform (std:: distributions are not).
class DemoRng {
public:
    explicit DemoRng(uint64_t seed) : state_(seed) {}
    uint64_t next()
    {
        uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }
    double uniform(double lo = 0, double hi = 1) { return lo + (hi - lo) * (next() >> 11) * 0x1.0p-53; }
    int below(int n) { return static_cast<int>(next() % static_cast<uint64_t>(n)); }
    /// Approximately normal (sum of four uniforms), enough for pixel noise.
    double gaussian() { return (uniform() + uniform() + uniform() + uniform() - 2.0) * 1.7320508; }

private:
    uint64_t state_;
};

bool insideShape(int shape, double dx, double dy, double r)
{
    const double ax = std::abs(dx), ay = std::abs(dy), dist = std::sqrt(dx * dx + dy * dy);
    switch (shape) {
    case 0:
        return dist <= r;
    case 1:
        return ax <= 0.85 * r && ay <= 0.85 * r;
    case 2:
        return dy >= -r && dy <= r && ax <= (dy + r) * 0.55;
    case 3:
        return (ax <= 0.3 * r && ay <= r) || (ay <= 0.3 * r && ax <= r);
    case 4:
        return dist <= r && dist >= 0.55 * r;
    case 5:
        return ax <= r && ay <= r && static_cast<int>(std::floor((dy + r) / (0.4 * r))) % 2 == 0;
    case 6:
        return ax <= r && ay <= r && static_cast<int>(std::floor((dx + r) / (0.4 * r))) % 2 == 0;
    case 7:
        return ax + ay <= r;
    case 8:
        return std::abs(ax - ay) <= 0.28 * r && std::max(ax, ay) <= r;
    default: {
        const double off = 0.55 * r, rr = 0.45 * r;
        return (dx - off) * (dx - off) + dy * dy <= rr * rr || (dx + off) * (dx + off) + dy * dy <= rr * rr;
    }
    }
}

struct Colour {
    double r, g, b;
};

Colour randomColour(DemoRng& rng)
{
    return {rng.uniform(0, 255), rng.uniform(0, 255), rng.uniform(0, 255)};
}

/// Draws one record (label byte + R, G, B planes) for `label` into `out`. With probability
/// `ambiguousShare` the image shows two shapes of the same size and opacity, one of them the
/// label's, the other another class's, left and right in either order: nothing in the image says
/// which one the label names, as in a photograph of a cat beside a dog. Two retrained models
/// settle such images differently, and that is what negative flips are made of; an old model's
/// logits on them carry its own way of settling them, which distillation can hand on. The other
/// images show one shape clearly, so a short schedule learns them well.
void drawSample(DemoRng& rng, int label, double ambiguousShare, uint8_t* out)
{
    std::array<double, 3 * 32 * 32> pixels{};
    // Background: a random colour with a linear gradient, so colour alone never gives the class away.
    const Colour base = randomColour(rng);
    const double gx = rng.uniform(-3, 3), gy = rng.uniform(-3, 3);
    for (int y = 0; y < 32; ++y)
        for (int x = 0; x < 32; ++x) {
            const double shade = gx * (x - 16) + gy * (y - 16);
            pixels[0 * 1024 + y * 32 + x] = base.r + shade;
            pixels[1 * 1024 + y * 32 + x] = base.g + shade;
            pixels[2 * 1024 + y * 32 + x] = base.b + shade;
        }

    auto paint = [&](int shape, double cx, double cy, double r, Colour c, double opacity) {
        for (int y = 0; y < 32; ++y)
            for (int x = 0; x < 32; ++x)
                if (insideShape(shape, x - cx, y - cy, r)) {
                    double* p[3] = {&pixels[y * 32 + x], &pixels[1024 + y * 32 + x], &pixels[2048 + y * 32 + x]};
                    *p[0] = (1 - opacity) * *p[0] + opacity * c.r;
                    *p[1] = (1 - opacity) * *p[1] + opacity * c.g;
                    *p[2] = (1 - opacity) * *p[2] + opacity * c.b;
                }
    };
    // A shape colour that differs from the background's mean enough to be seen.
    auto visibleColour = [&]() {
        Colour fg = randomColour(rng);
        for (int tries = 0;
             tries < 8 && std::abs(fg.r - base.r) + std::abs(fg.g - base.g) + std::abs(fg.b - base.b) < 120; ++tries)
            fg = randomColour(rng);
        return fg;
    };

    if (rng.uniform() < ambiguousShare) {
        const int other = (label + 1 + rng.below(9)) % 10;
        const double r = rng.uniform(6, 8.5);
        const bool labelLeft = rng.uniform() < 0.5;
        std::array<std::pair<int, bool>, 2> shapes = {{{label, labelLeft}, {other, !labelLeft}}};
        if (rng.uniform() < 0.5) // painted in either order: which one is on top says nothing either
            std::swap(shapes[0], shapes[1]);
        for (const auto& [shape, left] : shapes) {
            const double cx = left ? rng.uniform(r * 0.7, 15) : rng.uniform(17, 32 - r * 0.7);
            const double cy = rng.uniform(r * 0.7, 32 - r * 0.7);
            const double size = r * rng.uniform(0.9, 1.1);
            const Colour colour = visibleColour();
            paint(shape, cx, cy, size, colour, rng.uniform(0.7, 1.0));
        }
    } else {
        const double r = rng.uniform(6, 11);
        const double cx = rng.uniform(r * 0.7, 32 - r * 0.7), cy = rng.uniform(r * 0.7, 32 - r * 0.7);
        const Colour colour = visibleColour();
        paint(label, cx, cy, r, colour, rng.uniform(0.6, 1.0));
    }

    const double noise = rng.uniform(10, 30);
    out[0] = static_cast<uint8_t>(label);
    for (size_t i = 0; i < pixels.size(); ++i)
        out[1 + i] = static_cast<uint8_t>(std::clamp(pixels[i] + noise * rng.gaussian(), 0.0, 255.0));
}

void writeBatch(const fs::path& file, DemoRng& rng, int64_t count, double ambiguousShare, double labelNoise)
{
    std::vector<uint8_t> bytes(static_cast<size_t>(count * kCifarRecordBytes));
    for (int64_t i = 0; i < count; ++i) {
        uint8_t* record = bytes.data() + i * kCifarRecordBytes;
        drawSample(rng, rng.below(10), ambiguousShare, record);
        // Mislabelled training images, as every real data set has: each seed memorises them
        // differently, which is one real source of the churn between retrained models.
        if (labelNoise > 0 && rng.uniform() < labelNoise)
            record[0] = static_cast<uint8_t>((record[0] + 1 + rng.below(9)) % 10);
    }
    writeAtomically(file, [&](const fs::path& tmp) {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
        if (!out.flush())
            throw UserError("Could not write " + file.string() + " (disk full or no permission?)");
    });
}

} // namespace

fs::path writeDemoDataset(const fs::path& dir, const DemoDataOptions& options)
{
    if (options.trainSize < kCifarTrainBatches || options.testSize < 1)
        throw UserError("Demo data needs at least 5 training and 1 test image");
    const fs::path out = dir / "cifar-10-batches-bin";
    std::error_code ec;
    fs::create_directories(out, ec);
    if (ec)
        throw UserError("Cannot create " + out.string() + ": " + ec.message());

    // Each file gets its own stream so that the test set does not depend on the training size.
    for (int b = 1; b <= kCifarTrainBatches; ++b) {
        DemoRng rng(options.seed * 1000003ULL + static_cast<uint64_t>(b));
        const int64_t count = options.trainSize / kCifarTrainBatches +
                              (b == kCifarTrainBatches ? options.trainSize % kCifarTrainBatches : 0);
        writeBatch(out / ("data_batch_" + std::to_string(b) + ".bin"), rng, count, options.ambiguousShare,
                   options.trainLabelNoise);
    }
    DemoRng testRng(options.seed * 1000003ULL + 99);
    writeBatch(out / "test_batch.bin", testRng, options.testSize, options.ambiguousShare, 0.0);

    std::string meta;
    for (const char* name : kShapeNames)
        meta += std::string(name) + "\n";
    writeTextAtomically(out / "batches.meta.txt", meta);
    return out;
}

} // namespace flipbench
