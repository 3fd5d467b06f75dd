//===- OutputDirectory.h - Writing output trees without losing data -*- C++ -*-===//
//
// `tilett compile -o DIR` and `tilett run -o DIR` write a whole directory.
// The rules (docs/tenstorrent/RUNNING.md, "Output directories"):
//  - DIR is written in a private staging sibling and moved into place only
//    once it is complete, so a failed or killed compile leaves DIR as it was;
//  - an existing DIR is replaced only when it is an empty directory or a
//    complete earlier tilett output (it holds the marker file), or, with
//    --force, any directory; a regular file, a symbolic link, a device or a
//    directory of the user's is an error and nothing is touched;
//  - staging directories of processes that were killed are swept on the
//    next write next to them; those of live processes are left alone.
//
//===----------------------------------------------------------------------===//
#ifndef TILETT_SUPPORT_OUTPUTDIRECTORY_H
#define TILETT_SUPPORT_OUTPUTDIRECTORY_H

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <memory>
#include <string>

namespace mlir::tilett {

/// The file every complete tilett output directory holds.
inline constexpr llvm::StringLiteral kOutputMarkerName = ".tilett-output";

/// Checks that `target` may be (re)written under the rules above, without
/// touching anything. The error names the path and says why.
llvm::Error checkOutputTarget(llvm::StringRef target, bool force);

/// A directory tree built in a staging directory beside its target.
class StagedOutputDirectory {
public:
  /// Checks `target` (checkOutputTarget), sweeps stale staging siblings of
  /// dead processes, and creates the staging directory.
  static llvm::Expected<std::unique_ptr<StagedOutputDirectory>>
  create(llvm::StringRef target, bool force);

  StagedOutputDirectory(const StagedOutputDirectory &) = delete;
  StagedOutputDirectory &operator=(const StagedOutputDirectory &) = delete;
  /// Removes the staging directory unless commit() moved it into place.
  ~StagedOutputDirectory();

  /// Where to write the tree.
  llvm::StringRef path() const { return staging; }
  /// Writes the marker and moves the tree over the target (re-checking it
  /// under a lock on the parent directory, so concurrent writers of one
  /// target each replace a complete output and never a half-written one).
  llvm::Error commit();

private:
  StagedOutputDirectory(std::string target, bool force, std::string staging);
  std::string target, staging;
  bool force;
  bool committed = false;
};

/// Creates a fresh private directory `<system temp>/<prefix>-<pid>-XXXXXX`,
/// removes the `<prefix>-<pid>-*` directories of dead processes, and
/// registers the new one for removal if the process is interrupted.
llvm::Expected<std::string> createTemporaryDirectory(llvm::StringRef prefix);

/// Removes a directory from createTemporaryDirectory and unregisters it.
void removeTemporaryDirectory(llvm::StringRef path);

/// Makes writes past a file-size limit (ulimit -f) fail with EFBIG, which
/// the writers report with the path, instead of killing the process.
void ignoreFileSizeSignal();

/// Removes the directory tree at `path` with async-signal-safe system calls
/// only (open, getdents64, unlinkat, rmdir; no allocation), as the interrupt
/// handler must: a SIGTERM may arrive inside malloc, and a handler that
/// allocates then deadlocks on the allocator's lock. Symbolic links are
/// removed, never followed.
void removeTreeInSignalHandler(const char *path);

} // namespace mlir::tilett

#endif // TILETT_SUPPORT_OUTPUTDIRECTORY_H
