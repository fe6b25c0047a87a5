#pragma once

#include <stdexcept>
#include <string>

namespace flipbench {

/// An error caused by what the user gave us (a config, a file, a folder). Its message is written
/// for that user: what went wrong, where, and what to do. The CLI exits with code 2 on it.
class UserError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// A config value that is missing, of the wrong type or out of range. The message starts with the
/// JSON path of the field, e.g. "train.lr: must be > 0, got -0.1".
class ConfigError : public UserError {
public:
    using UserError::UserError;
};

/// A data file or folder that cannot be used (missing, truncated, inconsistent).
class DataError : public UserError {
public:
    using UserError::UserError;
};

} // namespace flipbench
