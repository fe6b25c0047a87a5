#pragma once

#include "flipbench/runs/run_store.h"

#include <string>
#include <vector>

namespace flipbench {

/// What a person wrote about a run: tags to find it by and a free-text note. Kept in the run
/// folder's notes.json, apart from config.json, which records how the run was trained and is
/// never edited afterwards.
struct RunNotes {
    std::vector<std::string> tags;
    std::string note;

    bool empty() const { return tags.empty() && note.empty(); }
};

/// The run's notes.json; empty notes when it has none. Throws DataError when the file is damaged.
RunNotes readRunNotes(const RunFolder& run);

/// Writes notes.json atomically (a crash never leaves half a file), its tags cleaned by parseTags.
void writeRunNotes(const RunFolder& run, const RunNotes& notes);

/// Tags from what a person typed: split at commas, trimmed, empty ones and repeats dropped, in
/// the order given ("cifar, seed 2,,cifar" -> "cifar", "seed 2").
std::vector<std::string> parseTags(const std::string& text);

} // namespace flipbench
