// The configuration diff of two runs: only the settings that differ, as dotted paths, with the
// value on each side. Every expected row below is written out by hand.

#include <flipbench/config/config_diff.h>

#include <QtTest/QtTest>
#include <clocale>
#include <nlohmann/json.hpp>

using flipbench::ConfigDifference;
using flipbench::diffConfigs;
using flipbench::formatConfigValue;
using nlohmann::json;

namespace {

/// "path: A -> B", with "(missing)" for a side that lacks the setting, for readable comparisons.
QStringList describe(const std::vector<ConfigDifference>& differences)
{
    QStringList lines;
    const auto side = [](const std::optional<json>& value) {
        return value ? QString::fromStdString(value->dump()) : QStringLiteral("(missing)");
    };
    for (const auto& d : differences)
        lines << QStringLiteral("%1: %2 -> %3").arg(QString::fromStdString(d.path), side(d.a), side(d.b));
    return lines;
}

} // namespace

class TestConfigDiff : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void listsOnlyTheSettingsThatDiffer()
    {
        const json a = json::parse(R"({
            "name": "seed1-baseline",
            "data": {"path": "/data/cifar", "train_limit": 0},
            "model": {"arch": "resnet18_cifar"},
            "method": {"name": "baseline", "reference": []},
            "train": {"lr": 0.1, "epochs": 30, "batch_size": 128, "device": "auto"},
            "versions": {"flipbench": "0.1.0", "libtorch": "1.13.1"}
        })");
        const json b = json::parse(R"({
            "name": "seed1-fd",
            "data": {"path": "/data/cifar", "train_limit": 0},
            "model": {"arch": "resnet18_cifar"},
            "method": {"name": "fd", "reference": ["/ws/old"], "fd": {"temperature": 2}},
            "train": {"lr": 0.05, "epochs": 30.0, "batch_size": 128},
            "versions": {"flipbench": "0.2.0", "libtorch": "1.13.1"}
        })");
        // By path; 30 and 30.0 are the same number; the versions are not settings.
        const QStringList expected = {
            R"(method.fd.temperature: (missing) -> 2)", R"(method.name: "baseline" -> "fd")",
            R"(method.reference: [] -> ["/ws/old"])",   R"(name: "seed1-baseline" -> "seed1-fd")",
            R"(train.device: "auto" -> (missing))",     R"(train.lr: 0.1 -> 0.05)",
        };
        QCOMPARE(describe(diffConfigs(a, b)), expected);
        // The other way round: the same paths with the sides swapped.
        const auto reversed = diffConfigs(b, a);
        QCOMPARE(reversed.size(), size_t(6));
        QCOMPARE(QString::fromStdString(reversed[0].path), QStringLiteral("method.fd.temperature"));
        QVERIFY(reversed[0].a.has_value() && !reversed[0].b.has_value());
    }

    void identicalConfigsHaveNoDifference()
    {
        const json a = json::parse(R"({"train": {"lr": 0.1, "seed": 1}, "versions": {"flipbench": "0.1.0"}})");
        const json b = json::parse(R"({"versions": {"flipbench": "9.9.9"}, "train": {"seed": 1, "lr": 0.1}})");
        QVERIFY(diffConfigs(a, b).empty());
        QVERIFY(diffConfigs(json::object(), json::object()).empty());
    }

    void anObjectAgainstAValueIsTwoDifferences()
    {
        // Here "augment" is a setting of its own on one side and a group on the other; an empty
        // group differs from no group at all.
        const json a = json::parse(R"({"augment": {"flip": true}, "extra": {}})");
        const json b = json::parse(R"({"augment": false})");
        const QStringList expected = {
            R"(augment: (missing) -> false)",
            R"(augment.flip: true -> (missing))",
            R"(extra: {} -> (missing))",
        };
        QCOMPARE(describe(diffConfigs(a, b)), expected);
    }

    void valuesReadAsPeopleWriteThem()
    {
        QCOMPARE(formatConfigValue(json("resnet18_cifar")), std::string("resnet18_cifar"));
        QCOMPARE(formatConfigValue(json::parse(R"(["old-a", "old-b"])")), std::string("old-a, old-b"));
        QCOMPARE(formatConfigValue(json::array()), std::string("none"));
        QCOMPARE(formatConfigValue(json(0.05)), std::string("0.05"));
        QCOMPARE(formatConfigValue(json(nullptr)), std::string("null"));
        QCOMPARE(formatConfigValue(json::parse("[1, 2]")), std::string("[1,2]"));
    }

    void settingsAreTheReportsTable()
    {
        const json config = json::parse(R"({
            "name": "fd",
            "method": {"reference": ["/ws/old-a", "/ws/old-b"], "kd_loss_weight": 0.1, "fd": {"temperature": null}},
            "train": {"lr": 0.30000000000000004, "epochs": 30, "seed": 1234567890, "nesterov": true, "augment": {}},
            "data": {"classes": []}
        })");
        const auto settings = flipbench::configSettings(config);
        QStringList shown;
        for (const auto& s : settings)
            shown << QString::fromStdString(s.path + "=" + s.value);
        // Keys sorted at each level; an empty object has no setting; 8 significant digits for a
        // float (0.3), integers whole; reference runs by folder name.
        QCOMPARE(shown, QStringList({"data.classes=none", "method.fd.temperature=unset", "method.kd_loss_weight=0.1",
                                     "method.reference=old-a, old-b", "name=fd", "train.epochs=30", "train.lr=0.3",
                                     "train.nesterov=true", "train.seed=1234567890"}));
        QCOMPARE(flipbench::settingValue(settings, "train.lr"), std::string("0.3"));
        QVERIFY(flipbench::settingValue(settings, "train.momentum").empty());
        QVERIFY(flipbench::configSettings(json::array()).empty());
        // A German desktop still reads 0.05 (the C library's numbers follow LC_NUMERIC).
        const std::string previous = std::setlocale(LC_NUMERIC, nullptr);
        if (std::setlocale(LC_NUMERIC, "de_DE.UTF-8")) {
            QCOMPARE(flipbench::configSettings(json::parse(R"({"lr": 0.05})"))[0].value, std::string("0.05"));
            std::setlocale(LC_NUMERIC, previous.c_str());
        } else {
            qInfo("de_DE.UTF-8 is not installed: the decimal-comma check is skipped");
        }
    }
};

QTEST_GUILESS_MAIN(TestConfigDiff)
#include "tst_config_diff.moc"
