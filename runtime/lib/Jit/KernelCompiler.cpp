// Kernel JIT: builds each kernel as a shared object with its compile-time
// arguments and defines baked in as macros (as tt-metal does), caches it on
// disk by the contents it was built from (Jit/KernelCache.h), and loads it
// with dlopen.
#include "Jit/KernelCompiler.h"

#include <algorithm>
#include <cstdlib>
#include <dlfcn.h>
#include <filesystem>
#include <fstream>
#include <future>
#include <map>
#include <mutex>
#include <sstream>
#include <stdexcept>
#include <unistd.h>
#include <vector>

#include <fmt/format.h>

#include "Jit/ContentHash.h"
#include "Jit/KernelCache.h"
#include "Jit/RunCommand.h"

namespace fs = std::filesystem;

namespace ttemu {
namespace {

std::string readFile(const fs::path &p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string compilerPath() {
  if (const char *env = std::getenv("TT_EMU_CXX"); env && *env)
    return env;
  return TTEMU_HOST_CXX;
}

/// Flags that make the host compiler accept what the device's 32-bit
/// compiler does: kernels cast L1 pointers to uint32_t (tt-metal's fabric
/// kernels pass `(uint32_t)packet_header`), an error for a 64-bit C++
/// target. The emulator keeps every L1 below 4 GiB, so the cast loses
/// nothing; clang accepts it with -fms-extensions, GCC with -fpermissive.
std::vector<std::string> dialectFlags() {
  std::string cxx = fs::path(compilerPath()).filename().string();
  if (cxx.find("clang") != std::string::npos)
    return {"-fms-extensions", "-Wno-pointer-to-int-cast"};
  if (cxx.find("g++") != std::string::npos ||
      cxx.find("gcc") != std::string::npos)
    return {"-fpermissive", "-w"};
  return {};
}

/// The compiler as a file: its resolved path, size and modification time,
/// so that upgrading it in place invalidates cached kernels. (Hashing its
/// contents would cost every process a read of a 100+ MB binary.)
std::string compilerIdentity() {
  fs::path p = compilerPath();
  std::error_code ec;
  if (!p.has_parent_path())
    if (const char *path = std::getenv("PATH")) {
      std::istringstream dirs(path);
      std::string d;
      while (std::getline(dirs, d, ':'))
        if (!d.empty() && fs::is_regular_file(fs::path(d) / p, ec)) {
          p = fs::path(d) / p;
          break;
        }
    }
  fs::path real = fs::canonical(p, ec);
  if (ec)
    return p.string();
  return fmt::format("{}:{}:{}", real.string(), fs::file_size(real, ec),
                     fs::last_write_time(real, ec).time_since_epoch().count());
}

/// Hash of the kernel API headers' contents, so that editing them
/// invalidates cached kernels even where a build's dependency list would
/// not name them (a header the prelude stops including, say).
const std::string &headersVersion() {
  static const std::string version = [] {
    std::vector<std::pair<std::string, std::string>> entries;
    std::error_code ec;
    fs::path root = kernelIncludeDir();
    for (auto it = fs::recursive_directory_iterator(root, ec);
         it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (ec || !it->is_regular_file(ec))
        continue;
      entries.push_back({it->path().lexically_relative(root).string(),
                         cache::fileHash(it->path())});
    }
    std::sort(entries.begin(), entries.end());
    ContentHash h;
    for (auto &[path, hash] : entries)
      h.add(path).add(hash);
    return fmt::format("{:016x}", h.value());
  }();
  return version;
}

const char *processorDefine(Processor p) {
  switch (p) {
  case Processor::BRISC:
    return "-DCOMPILE_FOR_BRISC";
  case Processor::NCRISC:
    return "-DCOMPILE_FOR_NCRISC";
  case Processor::TRISC:
    return "-DCOMPILE_FOR_TRISC";
  }
  return "";
}

std::shared_ptr<CompiledKernel> load(const KernelInfo &k,
                                     const fs::path &object) {
  auto ck = std::make_shared<CompiledKernel>();
  ck->objectPath = object.string();
  ck->handle = dlopen(object.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!ck->handle)
    throw std::runtime_error(fmt::format("cannot load kernel '{}' ({}): {}",
                                         k.name, object.string(), dlerror()));
  ck->entry = reinterpret_cast<void (*)()>(dlsym(ck->handle, "ttemu_kernel_entry"));
  if (!ck->entry)
    throw std::runtime_error(fmt::format(
        "kernel '{}' defines no kernel_main (nor MAIN)", k.name));
  return ck;
}

/// Compiles `k` in a scratch directory (removed however the build ends, so
/// failed builds leave nothing behind) and stores the object in the cache.
std::shared_ptr<CompiledKernel> build(const KernelInfo &k,
                                      const std::string &arch,
                                      const std::string &source,
                                      const std::string &cbTable,
                                      const std::string &key,
                                      const fs::path &dir) {
  cache::ScratchDir scratch(dir);
  fs::path srcPath = k.sourcePath;
  if (srcPath.empty()) {
    srcPath = scratch.path() / "kernel.cpp";
    std::ofstream(srcPath) << source;
  }
  fs::path wrapper = scratch.path() / "wrapper.cpp";
  std::ofstream(wrapper) << "#include \"" + srcPath.string() + "\"\n" +
                                "extern \"C\" __attribute__((visibility(\"default\"))) "
                                "void ttemu_kernel_entry() { kernel_main(); }\n";
  fs::path depFile = scratch.path() / "kernel.d";
  fs::path tmp = scratch.path() / "kernel.so";
  std::string ctArgs;
  for (uint32_t a : k.compileArgs)
    ctArgs += std::to_string(a) + "u,";
  std::string namedArgs;
  for (const auto &[name, value] : k.namedCompileArgs)
    namedArgs += "{\"" + name + "\"," + std::to_string(value) + "u},";
  std::vector<std::string> argv = {
      compilerPath(), "-std=c++20", "-O2", "-fPIC", "-shared",
      "-fvisibility=hidden", "-MD", "-MF", depFile.string(), "-MT", "kernel",
      "-I" + srcPath.parent_path().string(), "-I" + kernelIncludeDir(),
      "-include", "ttemu/kernel_prelude.h", processorDefine(k.processor),
      "-DNOC_INDEX=" + std::to_string(k.noc), "-DTTEMU_CT_ARGS=" + ctArgs,
      "-DTTEMU_NAMED_CT_ARGS=" + namedArgs,
      "-DTTEMU_CB_PAGE_SIZES=" + cbTable,
      arch == "blackhole" ? "-DARCH_BLACKHOLE" : "-DARCH_WORMHOLE",
      "-DKERNEL_BUILD", "-DTT_EMU=1"};
  for (const std::string &f : dialectFlags())
    argv.push_back(f);
  for (const auto &[name, value] : k.defines)
    argv.push_back("-D" + name + "=" + value);
  if (const char *extra = std::getenv("TT_EMU_CXXFLAGS")) {
    std::istringstream ss(extra);
    std::string f;
    while (ss >> f)
      argv.push_back(f);
  }
  argv.insert(argv.end(), {wrapper.string(), "-o", tmp.string()});
  CommandResult res = runCommand(argv);
  if (res.exitCode != 0) {
    std::string cmd;
    for (auto &a : argv)
      cmd += a + " ";
    throw std::runtime_error(fmt::format(
        "failed to compile kernel '{}':\n{}\ncommand: {}", k.name,
        res.output, cmd));
  }
  // Loaded before it is renamed into the cache, so that another process
  // evicting it in between cannot make this one fail; glibc knows the
  // object by inode, so loading it by its final path later finds this copy.
  auto ck = load(k, tmp);
  // The wrapper and the source are covered by the key; the API headers by
  // headersVersion.
  std::vector<fs::path> ignore = {wrapper.lexically_normal(),
                                  srcPath.lexically_normal()};
  fs::path object = cache::store(
      dir, key, k.sourcePath.empty() ? fs::path() : srcPath.parent_path(),
      depFile, ignore, tmp);
  ck->objectPath = object.string();
  cache::evict(dir, cache::maxBytes(),
               {object, dir / (key + ".manifest")});
  return ck;
}

} // namespace

std::string kernelIncludeDir() {
  static const std::string dir = [] {
    // Installed layout: <prefix>/lib/libtt_metal.so and
    // <prefix>/include/tt-emu; otherwise the source tree's headers.
    Dl_info info;
    if (dladdr(reinterpret_cast<void *>(&kernelIncludeDir), &info) &&
        info.dli_fname) {
      fs::path lib = fs::path(info.dli_fname).parent_path();
      fs::path installed = lib.parent_path() / "include" / "tt-emu";
      if (fs::exists(installed / "ttemu" / "kernel_prelude.h"))
        return installed.string();
    }
    return std::string(TTEMU_SOURCE_INCLUDE_DIR);
  }();
  return dir;
}

std::shared_ptr<CompiledKernel> compileKernel(const KernelInfo &k,
                                              const std::string &arch,
                                              const CbPageSizes &cbPageSizes) {
  std::string source =
      k.sourcePath.empty() ? k.sourceText : readFile(k.sourcePath);
  // Everything that determines the object except the files it includes
  // (those are checked through the manifest): not the source's path, so
  // the same kernel in another directory hits.
  ContentHash h;
  h.add(source).add(processorDefine(k.processor));
  h.add(std::to_string(k.noc)).add(arch).add(compilerIdentity());
  h.add(headersVersion());
  for (const std::string &f : dialectFlags())
    h.add(f);
  if (const char *extra = std::getenv("TT_EMU_CXXFLAGS"))
    h.add(extra);
  for (uint32_t a : k.compileArgs)
    h.add(std::to_string(a));
  for (const auto &[n, v] : k.defines)
    h.add(n).add(v);
  h.add("named");
  for (const auto &[n, v] : k.namedCompileArgs)
    h.add(n).add(std::to_string(v));
  std::string cbTable;
  for (uint32_t ps : cbPageSizes)
    cbTable += std::to_string(ps) + "u,";
  h.add("cbs").add(cbTable);
  std::string key = fmt::format("{:016x}", h.value());
  fs::path dir = cache::directory();
  cache::maxBytes(); // An invalid bound is an error before any work.
  fs::path srcDir = k.sourcePath.empty()
                        ? fs::path()
                        : fs::path(k.sourcePath).parent_path();

  // Builds of one key are serialised in this process (compileAll builds a
  // program's kernels in parallel, and two of them may share a key): the
  // second finds the first's object in the cache. Loaded objects are kept
  // by path, so each is dlopen'ed once.
  static std::mutex mu;
  static std::map<std::string, std::unique_ptr<std::mutex>> keyLocks;
  static std::map<std::string, std::shared_ptr<CompiledKernel>> loaded;
  std::mutex *keyLock;
  {
    std::lock_guard lock(mu);
    auto &m = keyLocks[key];
    if (!m)
      m = std::make_unique<std::mutex>();
    keyLock = m.get();
  }
  std::lock_guard keyGuard(*keyLock);
  if (auto object = cache::lookup(dir, key, srcDir)) {
    {
      std::lock_guard lock(mu);
      if (auto it = loaded.find(object->string()); it != loaded.end())
        return it->second;
    }
    std::shared_ptr<CompiledKernel> ck;
    try {
      ck = load(k, *object);
    } catch (const std::exception &) {
      // Evicted by another process since the lookup: build it again.
    }
    if (ck) {
      std::lock_guard lock(mu);
      return loaded.emplace(object->string(), ck).first->second;
    }
  }
  auto ck = build(k, arch, source, cbTable, key, dir);
  std::lock_guard lock(mu);
  return loaded.emplace(ck->objectPath, ck).first->second;
}

} // namespace ttemu
