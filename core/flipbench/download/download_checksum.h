#pragma once

#include "flipbench/util/cancel_token.h"
#include "flipbench/download/download.h"

#include <filesystem>
#include <optional>
#include <string>

namespace flipbench {

/// SHA-256 of `bytes` as 64 lower-case hex digits (OpenSSL's libcrypto).
std::string sha256Hex(const std::string& bytes);

/// SHA-256 of a whole file, reading it in 1 MiB blocks and reporting Verify progress to `sink`.
/// Nothing when cancelled; DataError when the file cannot be read.
std::optional<std::string> sha256OfFile(const std::filesystem::path& file, DownloadProgressSink& sink,
                                        const CancelToken& cancel);

/// A checksum as the user typed it, lower-cased; UserError (naming `what`) unless it is 64 hex digits.
std::string normalizeSha256(const std::string& text, const std::string& what);

} // namespace flipbench
