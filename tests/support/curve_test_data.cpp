#include "curve_test_data.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QtTest/QtTest>

namespace fbtest {

double curveLossAt(qint64 globalStep)
{
    return 2.0 - 0.02 * static_cast<double>(globalStep);
}

namespace {

QString number(double value)
{
    return QString::number(value, 'g', 17);
}

} // namespace

void writeFileBytes(const QString& path, const QByteArray& text)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    QVERIFY2(file.open(QIODevice::WriteOnly | QIODevice::Truncate), qPrintable(path));
    QCOMPARE(file.write(text), qint64(text.size()));
}

void writeCurveMetrics(const QString& runDir, bool withFlips, bool withDistillation)
{
    QByteArray text;
    for (int epoch = 1; epoch <= 2; ++epoch) {
        for (int step = kCurveLogEvery; step <= kCurveStepsPerEpoch; step += kCurveLogEvery) {
            const qint64 global = (epoch - 1) * kCurveStepsPerEpoch + step;
            const double loss = curveLossAt(global);
            const double reg = withDistillation ? 0.2 * loss : 0.0;
            text += QStringLiteral(R"({"type":"step","epoch":%1,"step":%2,"global_step":%3,"loss":%4,"ce":%5,)"
                                   R"("reg":%6,"lr":0.1,"img_s":1234.5})")
                        .arg(epoch)
                        .arg(step)
                        .arg(global)
                        .arg(number(loss), number(loss - reg), number(reg))
                        .toUtf8() +
                    '\n';
        }
        QString record = QStringLiteral(R"({"type":"epoch","epoch":%1,"train_loss":%2,"train_acc":%3,)"
                                        R"("test_loss":%4,"test_acc":%5,"seconds":3.5,"img_s":900.0)")
                             .arg(epoch)
                             .arg(number(1.5 - 0.1 * epoch), number(0.4 + 0.1 * epoch), number(1.6 - 0.1 * epoch),
                                  number(0.5 + 0.1 * epoch));
        if (withFlips)
            record += QStringLiteral(R"(,"test_nfr":%1,"test_pfr":%2)").arg(number(0.02 / epoch), number(0.1));
        text += record.toUtf8() + "}\n";
    }
    // Torn: no closing brace, no newline. (A plain literal: moc misreads a raw one with an odd quote.)
    text += "{\"type\":\"step\",\"epoch\":3,\"step\":5,\"global_st";
    writeFileBytes(QDir(runDir).filePath(QStringLiteral("metrics.jsonl")), text);
}

flipbench::ui::StepSample curveSample(qint64 globalStep, double epochPosition, double loss)
{
    flipbench::ui::StepSample s;
    s.globalStep = globalStep;
    s.epochPosition = epochPosition;
    s.loss = loss;
    s.crossEntropy = loss;
    return s;
}

} // namespace fbtest
