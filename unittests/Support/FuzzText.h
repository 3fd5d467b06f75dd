//===- FuzzText.h - Shared pieces of the seeded mutation tests -*- C++ -*-===//
//
// The fuzz tests of scripts, MLIR modules and plans mutate text token by
// token with a fixed seed; these are the parts they share.
//
//===----------------------------------------------------------------------===//
#ifndef TILETT_UNITTESTS_SUPPORT_FUZZTEXT_H
#define TILETT_UNITTESTS_SUPPORT_FUZZTEXT_H

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <cctype>
#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

namespace mlir::tilett::fuzz {

/// Splits `text` into (offset, length) spans of identifier/number runs,
/// single punctuation and space runs, so that mutations act on whole
/// tokens.
inline std::vector<std::pair<size_t, size_t>>
roughTokens(const std::string &text) {
  std::vector<std::pair<size_t, size_t>> spans;
  auto word = [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
  };
  for (size_t i = 0; i < text.size();) {
    size_t j = i + 1;
    if (word(text[i]))
      while (j < text.size() && word(text[j]))
        ++j;
    else if (text[i] == ' ')
      while (j < text.size() && text[j] == ' ')
        ++j;
    spans.push_back({i, j - i});
    i = j;
  }
  return spans;
}

/// The unsigned value of environment variable `name`, or `fallback`
/// (TILETT_FUZZ_SEED, TILETT_FUZZ_ITERATIONS explore beyond the CI run).
inline unsigned envNumber(const char *name, unsigned fallback) {
  const char *v = std::getenv(name);
  return v ? static_cast<unsigned>(std::strtoul(v, nullptr, 10)) : fallback;
}

/// The files of `root/dir` whose names end in `extension` (".py"), sorted:
/// directory order is the file system's, and a fixed seed must mutate the
/// same inputs on every machine.
inline std::vector<std::string> sortedFiles(const char *root, const char *dir,
                                            llvm::StringRef extension) {
  std::vector<std::string> paths;
  llvm::SmallString<256> path(root);
  llvm::sys::path::append(path, dir);
  std::error_code ec;
  for (llvm::sys::fs::directory_iterator it(path, ec), end; it != end && !ec;
       it.increment(ec))
    if (llvm::sys::path::extension(it->path()) == extension)
      paths.push_back(it->path());
  llvm::sort(paths);
  return paths;
}

} // namespace mlir::tilett::fuzz

#endif // TILETT_UNITTESTS_SUPPORT_FUZZTEXT_H
