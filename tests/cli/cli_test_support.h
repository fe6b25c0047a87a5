#pragma once

// What the flipbench-cli suites share: running the real tool (FLIPBENCH_CLI_PATH, defined per
// suite by CMake) and the config a user would write for it.

#include "test_support.h"

#include <QFileInfo>
#include <QStringList>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>

#ifndef FLIPBENCH_CLI_PATH
#error "FLIPBENCH_CLI_PATH must name the flipbench-cli executable"
#endif

using CliResult = fbtest::ProcessResult;

inline CliResult runCli(const QStringList& arguments)
{
    return fbtest::runProcess(QStringLiteral(FLIPBENCH_CLI_PATH), arguments);
}

/// A config as a user writes it. data.path is a placeholder on purpose: `--data` must override it.
inline nlohmann::json cliConfig(const std::string& name, uint64_t seed, double lr)
{
    return {
        {"name", name},
        {"data", {{"path", "/nonexistent/replaced-by---data"}, {"train_limit", 2000}, {"test_limit", 500}}},
        {"model", {{"arch", "small_cnn"}}},
        {"train", {{"epochs", 2}, {"batch_size", 64}, {"lr", lr}, {"seed", seed}, {"device", "cpu"}, {"threads", 2}}}};
}

inline QString canonical(const QString& path)
{
    return QFileInfo(path).canonicalFilePath();
}
