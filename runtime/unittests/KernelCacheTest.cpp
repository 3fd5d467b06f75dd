// The kernel object cache: keyed by contents (the source, the files it
// includes, flags, compiler, API headers), not by the source's path, and
// bounded in size with least-recently-used eviction.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <sys/wait.h>
#include <unistd.h>

#include "Jit/KernelCache.h"
#include "Jit/KernelCompiler.h"

namespace fs = std::filesystem;
using testing::HasSubstr;

namespace {

class ScopedEnv {
public:
  ScopedEnv(const char *name, const std::string &value) : name(name) {
    if (const char *old = std::getenv(name))
      previous = old;
    setenv(name, value.c_str(), 1);
  }
  ~ScopedEnv() {
    if (previous)
      setenv(name, previous->c_str(), 1);
    else
      unsetenv(name);
  }

private:
  const char *name;
  std::optional<std::string> previous;
};

/// A fresh directory with its own kernel cache; removed afterwards.
class KernelCache : public testing::Test {
protected:
  fs::path root =
      fs::temp_directory_path() /
      ("tt-emu-cache-test-" + std::to_string(getpid()) + "-" +
       testing::UnitTest::GetInstance()->current_test_info()->name());
  fs::path cacheDir = root / "cache";
  std::optional<ScopedEnv> env;

  void SetUp() override {
    fs::remove_all(root);
    fs::create_directories(cacheDir);
    env.emplace("TT_EMU_CACHE_DIR", cacheDir.string());
  }
  void TearDown() override {
    env.reset();
    fs::remove_all(root);
  }

  /// Writes `files` (name -> text) into root/`dir`; returns the kernel path.
  fs::path write(const std::string &dir,
                 const std::map<std::string, std::string> &files) {
    fs::create_directories(root / dir);
    for (const auto &[name, text] : files)
      std::ofstream(root / dir / name) << text;
    return root / dir / "kernel.cpp";
  }

  static void compile(const fs::path &source,
                      std::map<std::string, std::string> defines = {}) {
    ttemu::KernelInfo k;
    k.name = source.string();
    k.sourcePath = source.string();
    k.defines = std::move(defines);
    ttemu::compileKernel(k, "wormhole_b0", ttemu::CbPageSizes{});
  }

  /// The cache's files whose names end in `suffix`.
  std::vector<fs::path> cached(const std::string &suffix) const {
    std::vector<fs::path> out;
    for (const auto &e : fs::directory_iterator(cacheDir)) {
      std::string n = e.path().filename().string();
      if (n.size() >= suffix.size() &&
          n.compare(n.size() - suffix.size(), suffix.size(), suffix) == 0)
        out.push_back(e.path());
    }
    return out;
  }
  uint64_t cacheBytes() const {
    uint64_t total = 0;
    for (const auto &e : fs::recursive_directory_iterator(cacheDir))
      if (e.is_regular_file())
        total += e.file_size();
    return total;
  }
};

const char *kKernel = "#include \"helper.h\"\n"
                      "void kernel_main() { helper(); }\n";

} // namespace

// `tilett run` without -o writes the kernel into a fresh temp directory
// each time: the same contents must hit.
TEST_F(KernelCache, SameSourceInAnotherDirectoryHits) {
  fs::path a = write("a", {{"kernel.cpp", kKernel},
                           {"helper.h", "inline void helper() {}\n"}});
  fs::path b = write("b", {{"kernel.cpp", kKernel},
                           {"helper.h", "inline void helper() {}\n"}});
  auto before = ttemu::kernelCacheStats();
  compile(a);
  auto mid = ttemu::kernelCacheStats();
  EXPECT_EQ(mid.misses, before.misses + 1);
  compile(b);
  auto after = ttemu::kernelCacheStats();
  EXPECT_EQ(after.misses, mid.misses) << "the copy was compiled again";
  EXPECT_EQ(after.hits, mid.hits + 1);
  EXPECT_EQ(cached(".so").size(), 1u);
}

TEST_F(KernelCache, DifferentIncludedFileContentMisses) {
  fs::path a = write("a", {{"kernel.cpp", kKernel},
                           {"helper.h", "inline void helper() {}\n"}});
  fs::path b =
      write("b", {{"kernel.cpp", kKernel},
                  {"helper.h", "inline void helper() { (void)1; }\n"}});
  compile(a);
  auto mid = ttemu::kernelCacheStats();
  compile(b);
  EXPECT_EQ(ttemu::kernelCacheStats().misses, mid.misses + 1);
  EXPECT_EQ(cached(".so").size(), 2u);
  // Both variants stay cached: going back to the first is a hit.
  compile(a);
  EXPECT_EQ(ttemu::kernelCacheStats().misses, mid.misses + 1);
}

TEST_F(KernelCache, EditingAnIncludedFileInPlaceMisses) {
  fs::path a = write("a", {{"kernel.cpp", kKernel},
                           {"helper.h", "inline void helper() {}\n"}});
  compile(a);
  auto mid = ttemu::kernelCacheStats();
  write("a", {{"helper.h", "inline void helper() { /* edited */ }\n"}});
  compile(a);
  EXPECT_EQ(ttemu::kernelCacheStats().misses, mid.misses + 1);
}

// Objects of ~400 KB (a large constant table) under a 1 MB bound: the
// fourth forces out the first two.
TEST_F(KernelCache, EvictionKeepsTheCacheUnderItsBound) {
  ScopedEnv limit("TT_EMU_CACHE_MAX_MB", "1");
  fs::path src =
      write("big", {{"kernel.cpp", "__attribute__((used)) static const char "
                                   "table[400000] = {SEED};\n"
                                   "void kernel_main() {}\n"}});
  // Not the cache's: eviction must leave it alone (nor count it).
  std::ofstream(cacheDir / "notes.txt") << std::string(2 << 20, 'x');
  auto before = ttemu::kernelCacheStats();
  for (int i = 1; i <= 4; ++i) {
    compile(src, {{"SEED", std::to_string(i)}});
    EXPECT_LE(cacheBytes() - fs::file_size(cacheDir / "notes.txt"), 1u << 20)
        << "after kernel " << i;
  }
  EXPECT_TRUE(fs::exists(cacheDir / "notes.txt"));
  EXPECT_GT(ttemu::kernelCacheStats().evictions, before.evictions);
  // The newest object survives; the oldest was evicted and is rebuilt.
  auto mid = ttemu::kernelCacheStats();
  compile(src, {{"SEED", "4"}});
  EXPECT_EQ(ttemu::kernelCacheStats().hits, mid.hits + 1);
  compile(src, {{"SEED", "1"}});
  EXPECT_EQ(ttemu::kernelCacheStats().misses, mid.misses + 1);
}

TEST_F(KernelCache, FailedCompileLeavesNoTemporaryFiles) {
  fs::path src =
      write("bad", {{"kernel.cpp", "void kernel_main() { oops; }\n"}});
  EXPECT_THROW(compile(src), std::runtime_error);
  for (const auto &e : fs::recursive_directory_iterator(cacheDir))
    ADD_FAILURE() << "left behind: " << e.path();
}

TEST_F(KernelCache, InvalidSizeBoundIsAnErrorNamingTheVariable) {
  fs::path src = write("k", {{"kernel.cpp", "void kernel_main() {}\n"}});
  for (const char *bad : {"abc", "0", "-5", "1.5"}) {
    ScopedEnv limit("TT_EMU_CACHE_MAX_MB", bad);
    try {
      compile(src);
      ADD_FAILURE() << bad << " was accepted";
    } catch (const std::exception &e) {
      EXPECT_THAT(e.what(), HasSubstr(std::string("TT_EMU_CACHE_MAX_MB='") +
                                      bad + "' is not a valid cache size"));
    }
  }
}

// Processes sharing a cold cache (ctest -j, lit) build the same kernel at
// once: every one must get a working object, and the cache one copy.
TEST_F(KernelCache, ConcurrentProcessesShareAColdCache) {
  fs::path src = write("k", {{"kernel.cpp", kKernel},
                             {"helper.h", "inline void helper() {}\n"}});
  std::vector<pid_t> children;
  for (int i = 0; i < 4; ++i) {
    pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      int rc = 0;
      try {
        compile(src);
      } catch (...) {
        rc = 1;
      }
      _exit(rc);
    }
    children.push_back(pid);
  }
  for (pid_t pid : children) {
    int status = 0;
    ASSERT_EQ(waitpid(pid, &status, 0), pid);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  }
  EXPECT_EQ(cached(".so").size(), 1u);
  EXPECT_EQ(cached(".manifest").size(), 1u);
  for (const auto &e : fs::directory_iterator(cacheDir))
    EXPECT_FALSE(e.is_directory()) << "left behind: " << e.path();
  auto before = ttemu::kernelCacheStats();
  compile(src);
  EXPECT_EQ(ttemu::kernelCacheStats().hits, before.hits + 1);
}
