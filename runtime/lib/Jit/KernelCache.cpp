// Kernel object cache: manifests of (file, content hash) lists, objects
// named by the hash of everything they were built from, and LRU eviction
// under a size bound. Every file is written under a unique temporary name
// and renamed into place, so concurrent processes sharing a cache never
// read a half-written file; at worst two of them build the same object.
#include "Jit/KernelCache.h"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <unistd.h>

#include <fmt/format.h>

#include "Jit/ContentHash.h"

namespace fs = std::filesystem;

namespace ttemu {
namespace {

std::atomic<uint64_t> hits{0}, misses{0}, evictions{0};
std::atomic<uint64_t> uniqueCounter{0};

/// A name no other thread or process uses at the same time.
std::string uniqueSuffix() {
  return fmt::format("{}.{}", getpid(), uniqueCounter.fetch_add(1));
}

bool readWhole(const fs::path &p, std::string &out) {
  std::ifstream in(p, std::ios::binary);
  if (!in)
    return false;
  std::ostringstream ss;
  ss << in.rdbuf();
  out = ss.str();
  return !in.bad();
}

void writeAtomically(const fs::path &path, const std::string &text) {
  fs::path tmp = path.string() + ".tmp." + uniqueSuffix();
  {
    std::ofstream out(tmp, std::ios::binary);
    out << text;
    if (!out.flush()) {
      std::error_code ec;
      fs::remove(tmp, ec);
      throw std::runtime_error("tt-emu: cannot write " + tmp.string());
    }
  }
  fs::rename(tmp, path);
}

/// The prerequisites of a make rule as written by -MD: "t: a b \<nl> c",
/// spaces in names escaped as "\ ".
std::vector<std::string> parseDeps(const std::string &text) {
  std::vector<std::string> out;
  auto colon = text.find(": ");
  if (colon == std::string::npos)
    return out;
  std::string cur;
  for (size_t i = colon + 2; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\\' && i + 1 < text.size() &&
        (text[i + 1] == ' ' || text[i + 1] == '\\' || text[i + 1] == '#')) {
      cur += text[++i];
    } else if (c == '\\' && i + 1 < text.size() && text[i + 1] == '\n') {
      ++i;
      if (!cur.empty())
        out.push_back(std::move(cur)), cur.clear();
    } else if (c == ' ' || c == '\t' || c == '\n') {
      if (!cur.empty())
        out.push_back(std::move(cur)), cur.clear();
    } else {
      cur += c;
    }
  }
  if (!cur.empty())
    out.push_back(cur);
  return out;
}

struct Dep {
  bool relative; // to the kernel's source directory
  std::string path, hash;
};

struct Entry {
  std::string object;
  std::vector<Dep> deps;
};

// Manifest: a header line, then per entry "entry <object>", one line per
// dependency "<hash> <s|a> <path>" and "end".
constexpr const char *kManifestHeader = "tt-emu-manifest 1";
constexpr size_t kMaxEntries = 8;

std::vector<Entry> readManifest(const fs::path &path) {
  std::vector<Entry> entries;
  std::string text;
  if (!readWhole(path, text))
    return entries;
  std::istringstream in(text);
  std::string line;
  if (!std::getline(in, line) || line != kManifestHeader)
    return entries;
  Entry cur;
  bool open = false;
  while (std::getline(in, line)) {
    if (line.rfind("entry ", 0) == 0) {
      cur = Entry{line.substr(6), {}};
      open = true;
    } else if (line == "end" && open) {
      entries.push_back(std::move(cur));
      open = false;
    } else if (open && line.size() > 19 && line[16] == ' ' && line[18] == ' ') {
      cur.deps.push_back(
          {line[17] == 's', line.substr(19), line.substr(0, 16)});
    } else {
      return {}; // Damaged: treat as absent; the next store rewrites it.
    }
  }
  return entries;
}

std::string formatManifest(const std::vector<Entry> &entries) {
  std::string out = std::string(kManifestHeader) + "\n";
  for (const Entry &e : entries) {
    out += "entry " + e.object + "\n";
    for (const Dep &d : e.deps)
      out += d.hash + (d.relative ? " s " : " a ") + d.path + "\n";
    out += "end\n";
  }
  return out;
}

fs::path manifestPath(const fs::path &dir, const std::string &key) {
  return dir / (key + ".manifest");
}

bool isTemporary(const fs::path &p) {
  return p.filename().string().find(".tmp.") != std::string::npos;
}

/// A file this cache (or its earlier path-keyed layout) wrote: 16 hex
/// digits, then '.' or '-'. Eviction touches nothing else, in case the
/// cache directory is shared with other files.
bool isCacheFile(const fs::path &p) {
  std::string n = p.filename().string();
  if (n.size() < 17 || (n[16] != '.' && n[16] != '-'))
    return false;
  return std::all_of(n.begin(), n.begin() + 16, [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
  });
}

} // namespace

KernelCacheStats kernelCacheStats() {
  return {hits.load(), misses.load(), evictions.load()};
}

namespace cache {

fs::path directory() {
  fs::path dir;
  if (const char *env = std::getenv("TT_EMU_CACHE_DIR"); env && *env)
    dir = env;
  else if (const char *home = std::getenv("HOME"); home && *home)
    dir = fs::path(home) / ".cache" / "tilett" / "kernels";
  else
    dir = fs::temp_directory_path() / "tilett-kernels";
  fs::create_directories(dir);
  return dir;
}

uint64_t maxBytes() {
  const char *env = std::getenv("TT_EMU_CACHE_MAX_MB");
  if (!env || !*env)
    return 1024ull << 20;
  char *end = nullptr;
  errno = 0;
  unsigned long long mb = std::strtoull(env, &end, 10);
  if (*env == '-' || end == env || *end || errno == ERANGE || mb == 0 ||
      mb > (1ull << 40))
    throw std::runtime_error(fmt::format(
        "TT_EMU_CACHE_MAX_MB='{}' is not a valid cache size: expected a "
        "positive whole number of megabytes (e.g. TT_EMU_CACHE_MAX_MB=1024)",
        env));
  return mb << 20;
}

std::string fileHash(const fs::path &path) {
  static std::mutex mu;
  static std::map<std::string, std::tuple<uintmax_t, int64_t, std::string>>
      memo;
  std::error_code ec;
  uintmax_t size = fs::file_size(path, ec);
  if (ec)
    return "";
  int64_t mtime = fs::last_write_time(path, ec).time_since_epoch().count();
  if (ec)
    return "";
  {
    std::lock_guard lock(mu);
    auto it = memo.find(path.string());
    if (it != memo.end() && std::get<0>(it->second) == size &&
        std::get<1>(it->second) == mtime)
      return std::get<2>(it->second);
  }
  std::string text;
  if (!readWhole(path, text))
    return "";
  std::string hash = fmt::format("{:016x}", ContentHash().add(text).value());
  std::lock_guard lock(mu);
  memo[path.string()] = {size, mtime, hash};
  return hash;
}

std::optional<fs::path> lookup(const fs::path &dir, const std::string &key,
                               const fs::path &srcDir) {
  for (const Entry &e : readManifest(manifestPath(dir, key))) {
    bool same = true;
    for (const Dep &d : e.deps) {
      fs::path p = d.relative ? srcDir / d.path : fs::path(d.path);
      if (fileHash(p) != d.hash) {
        same = false;
        break;
      }
    }
    fs::path object = dir / e.object;
    std::error_code ec;
    if (same && fs::is_regular_file(object, ec)) {
      touch(object);
      touch(manifestPath(dir, key));
      hits.fetch_add(1);
      return object;
    }
  }
  return std::nullopt;
}

fs::path store(const fs::path &dir, const std::string &key,
               const fs::path &srcDir, const fs::path &depFile,
               const std::vector<fs::path> &ignore, const fs::path &object) {
  misses.fetch_add(1);
  std::string depText;
  readWhole(depFile, depText);
  fs::path base = srcDir.lexically_normal();
  Entry entry;
  ContentHash h;
  h.add(key);
  for (const std::string &dep : parseDeps(depText)) {
    fs::path p = fs::path(dep).lexically_normal();
    if (std::find(ignore.begin(), ignore.end(), p) != ignore.end())
      continue;
    fs::path rel = p.lexically_relative(base);
    bool relative = !rel.empty() && *rel.begin() != "..";
    Dep d{relative, relative ? rel.string() : p.string(), fileHash(p)};
    // An unreadable dependency cannot be checked later: keep the object
    // out of the manifest (it is still used by this build).
    if (d.hash.empty())
      return object;
    h.add(d.path).add(d.hash);
    entry.deps.push_back(std::move(d));
  }
  entry.object = fmt::format("{}-{:016x}.so", key, h.value());
  fs::path final = dir / entry.object;
  fs::rename(object, final);
  std::vector<Entry> entries = readManifest(manifestPath(dir, key));
  std::erase_if(entries,
                [&](const Entry &e) { return e.object == entry.object; });
  entries.insert(entries.begin(), std::move(entry));
  if (entries.size() > kMaxEntries)
    entries.resize(kMaxEntries);
  writeAtomically(manifestPath(dir, key), formatManifest(entries));
  return final;
}

void touch(const fs::path &path) {
  std::error_code ec;
  fs::last_write_time(path, fs::file_time_type::clock::now(), ec);
}

void evict(const fs::path &dir, uint64_t limit,
           const std::vector<fs::path> &keep) {
  struct File {
    fs::file_time_type used;
    uintmax_t size;
    fs::path path;
  };
  std::vector<File> files;
  uint64_t total = 0;
  std::error_code ec;
  auto now = fs::file_time_type::clock::now();
  for (auto it = fs::directory_iterator(dir, ec);
       !ec && it != fs::directory_iterator(); it.increment(ec)) {
    std::error_code fec;
    auto used = it->last_write_time(fec);
    if (fec)
      continue;
    // Scratch directories of builds that were killed: a build takes
    // seconds, so one a day old is abandoned.
    if (it->is_directory(fec)) {
      if (it->path().filename().string().rfind(".scratch-", 0) == 0 &&
          now - used > std::chrono::hours(24))
        fs::remove_all(it->path(), fec);
      continue;
    }
    if (!it->is_regular_file(fec) || isTemporary(it->path()) ||
        !isCacheFile(it->path()))
      continue;
    uintmax_t size = it->file_size(fec);
    if (fec)
      continue;
    total += size;
    files.push_back({used, size, it->path()});
  }
  if (total <= limit)
    return;
  std::sort(files.begin(), files.end(),
            [](const File &a, const File &b) { return a.used < b.used; });
  for (const File &f : files) {
    if (total <= limit)
      break;
    if (std::find(keep.begin(), keep.end(), f.path) != keep.end())
      continue;
    // Unlinking an object another process has loaded is harmless: its
    // mapping stays valid; that process finds it missing next time and
    // rebuilds it.
    if (fs::remove(f.path, ec)) {
      total -= f.size;
      evictions.fetch_add(1);
    }
  }
}

ScratchDir::ScratchDir(const fs::path &cacheDir)
    : path_(cacheDir / (".scratch-" + uniqueSuffix())) {
  fs::create_directories(path_);
}

ScratchDir::~ScratchDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

} // namespace cache
} // namespace ttemu
