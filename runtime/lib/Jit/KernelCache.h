// The on-disk kernel object cache, in the manner of ccache's direct mode: a
// key from what the compiler is given (the main source's contents, flags,
// defines, compiler, API headers) selects a manifest; each manifest entry
// lists the files the build read with their content hashes and names the
// object built from them. A hit needs every listed file's content to match.
// Files next to the source are recorded relative to it, so the same kernel
// copied to another directory (`tilett run` without `-o`) still hits.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace ttemu {

struct KernelCacheStats {
  uint64_t hits = 0;      // objects found on disk
  uint64_t misses = 0;    // objects compiled
  uint64_t evictions = 0; // files removed to stay under the size bound
};
/// Counts of this process, for tests and diagnostics.
KernelCacheStats kernelCacheStats();

namespace cache {

/// TT_EMU_CACHE_DIR, else ~/.cache/tilett/kernels; created if missing.
std::filesystem::path directory();

/// TT_EMU_CACHE_MAX_MB (default 1024) in bytes; an error if it is not a
/// positive integer.
uint64_t maxBytes();

/// Content hash of a file as 16 hex digits, or "" if it cannot be read.
/// Memoised by path, size and modification time.
std::string fileHash(const std::filesystem::path &path);

/// Where the object of `key` built from files as they are now lives, if the
/// cache has one.
std::optional<std::filesystem::path>
lookup(const std::filesystem::path &dir, const std::string &key,
       const std::filesystem::path &srcDir);

/// Records a build of `key`: hashes the files of the make-style `depFile`
/// (except `ignore`, which the key covers) and moves `object` into the
/// cache under a name derived from them. Returns its final path.
std::filesystem::path store(const std::filesystem::path &dir,
                            const std::string &key,
                            const std::filesystem::path &srcDir,
                            const std::filesystem::path &depFile,
                            const std::vector<std::filesystem::path> &ignore,
                            const std::filesystem::path &object);

/// Removes least-recently-used files until the cache's files take at most
/// `limit` bytes, never `keep`.
void evict(const std::filesystem::path &dir, uint64_t limit,
           const std::vector<std::filesystem::path> &keep);

/// Marks a cache file as just used (its modification time is the LRU clock).
void touch(const std::filesystem::path &path);

/// A fresh directory inside the cache for one build's temporary files,
/// removed (with whatever a failed build left) when this goes away.
class ScratchDir {
public:
  explicit ScratchDir(const std::filesystem::path &cacheDir);
  ~ScratchDir();
  ScratchDir(const ScratchDir &) = delete;
  const std::filesystem::path &path() const { return path_; }

private:
  std::filesystem::path path_;
};

} // namespace cache
} // namespace ttemu
