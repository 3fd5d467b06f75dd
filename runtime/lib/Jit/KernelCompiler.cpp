// Kernel JIT: builds each kernel as a shared object with its compile-time
// arguments and defines baked in as macros (as tt-metal does), caches it on
// disk under a content hash, and loads it with dlopen.
#include "Jit/KernelCompiler.h"

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

#include <fmt/format.h>

#include "Jit/ContentHash.h"
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

/// Hash of the kernel API headers, so that editing them invalidates cached
/// kernels. Path, size and modification time stand in for contents.
const std::string &headersVersion() {
  static const std::string version = [] {
    ContentHash h;
    std::error_code ec;
    std::vector<std::string> entries;
    for (auto it = fs::recursive_directory_iterator(kernelIncludeDir(), ec);
         it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (ec || !it->is_regular_file(ec))
        continue;
      auto t = fs::last_write_time(it->path(), ec).time_since_epoch().count();
      entries.push_back(fmt::format("{}:{}:{}", it->path().string(),
                                    it->file_size(ec), t));
    }
    std::sort(entries.begin(), entries.end());
    for (auto &e : entries)
      h.add(e);
    return fmt::format("{:016x}", h.value());
  }();
  return version;
}

fs::path cacheDir() {
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

/// True if the object exists and no file it was built from is newer.
bool upToDate(const fs::path &object, const fs::path &depFile) {
  std::error_code ec;
  if (!fs::exists(object, ec) || !fs::exists(depFile, ec))
    return false;
  auto built = fs::last_write_time(object, ec);
  std::string deps = readFile(depFile);
  // Make-style rule "target: dep dep \\\n dep"; paths here have no spaces.
  auto colon = deps.find(": ");
  if (colon == std::string::npos)
    return false;
  std::istringstream ss(deps.substr(colon + 1));
  std::string dep;
  while (ss >> dep) {
    if (dep == "\\")
      continue;
    auto t = fs::last_write_time(dep, ec);
    if (ec || t > built)
      return false;
  }
  return true;
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

std::shared_ptr<CompiledKernel> build(const KernelInfo &k,
                                      const std::string &arch,
                                      const std::string &source,
                                      const std::string &cbTable,
                                      const std::string &key) {
  fs::path dir = cacheDir();
  fs::path object = dir / (key + ".so");
  fs::path depFile = dir / (key + ".d");
  if (!upToDate(object, depFile)) {
    // Concurrent processes (ctest -j) may build the same kernel: every file
    // is written under a per-process name and renamed into place, so no
    // process ever reads another's half-written file.
    std::string pid = std::to_string(getpid());
    auto writeAtomically = [&](const fs::path &path, const std::string &text) {
      fs::path tmpPath = path.string() + "." + pid;
      std::ofstream(tmpPath) << text;
      fs::rename(tmpPath, path);
    };
    fs::path srcPath = k.sourcePath;
    if (srcPath.empty()) {
      srcPath = dir / (key + ".kernel.cpp");
      writeAtomically(srcPath, source);
    }
    fs::path wrapper = dir / (key + ".wrapper.cpp");
    writeAtomically(wrapper,
                    "#include \"" + srcPath.string() + "\"\n" +
                        "extern \"C\" __attribute__((visibility(\"default\"))) "
                        "void ttemu_kernel_entry() { kernel_main(); }\n");
    fs::path tmpDep = dir / (key + ".d." + pid);
    std::string ctArgs;
    for (uint32_t a : k.compileArgs)
      ctArgs += std::to_string(a) + "u,";
    std::string namedArgs;
    for (const auto &[name, value] : k.namedCompileArgs)
      namedArgs += "{\"" + name + "\"," + std::to_string(value) + "u},";
    std::string tmp = (dir / (key + ".tmp." + pid + ".so")).string();
    std::vector<std::string> argv = {
        compilerPath(), "-std=c++20", "-O2", "-fPIC", "-shared",
        "-fvisibility=hidden", "-MD", "-MF", tmpDep.string(), "-MT", "kernel",
        "-I" + srcPath.parent_path().string(), "-I" + kernelIncludeDir(),
        "-include", "ttemu/kernel_prelude.h", processorDefine(k.processor),
        "-DNOC_INDEX=" + std::to_string(k.noc), "-DTTEMU_CT_ARGS=" + ctArgs,
        "-DTTEMU_NAMED_CT_ARGS=" + namedArgs,
        "-DTTEMU_CB_PAGE_SIZES=" + cbTable,
        arch == "blackhole" ? "-DARCH_BLACKHOLE" : "-DARCH_WORMHOLE",
        "-DKERNEL_BUILD", "-DTT_EMU=1"};
    for (const auto &[name, value] : k.defines)
      argv.push_back("-D" + name + "=" + value);
    if (const char *extra = std::getenv("TT_EMU_CXXFLAGS")) {
      std::istringstream ss(extra);
      std::string f;
      while (ss >> f)
        argv.push_back(f);
    }
    argv.insert(argv.end(), {wrapper.string(), "-o", tmp});
    CommandResult res = runCommand(argv);
    if (res.exitCode != 0) {
      std::error_code ec;
      fs::remove(tmpDep, ec);
      std::string cmd;
      for (auto &a : argv)
        cmd += a + " ";
      throw std::runtime_error(fmt::format(
          "failed to compile kernel '{}':\n{}\ncommand: {}", k.name,
          res.output, cmd));
    }
    // Rename last so concurrent processes never load a half-written object;
    // the dependency list goes first so it never describes an older object.
    fs::rename(tmpDep, depFile);
    fs::rename(tmp, object);
  }
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
  ContentHash h;
  h.add(source).add(k.sourcePath).add(processorDefine(k.processor));
  h.add(std::to_string(k.noc)).add(arch).add(compilerPath());
  h.add(headersVersion());
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

  static std::mutex mu;
  static std::map<std::string, std::shared_future<std::shared_ptr<CompiledKernel>>>
      loaded;
  std::promise<std::shared_ptr<CompiledKernel>> promise;
  std::shared_future<std::shared_ptr<CompiledKernel>> future;
  bool mine = false;
  {
    std::lock_guard lock(mu);
    auto it = loaded.find(key);
    if (it == loaded.end()) {
      future = promise.get_future().share();
      loaded[key] = future;
      mine = true;
    } else {
      future = it->second;
    }
  }
  if (mine) {
    try {
      promise.set_value(build(k, arch, source, cbTable, key));
    } catch (...) {
      promise.set_exception(std::current_exception());
      std::lock_guard lock(mu);
      loaded.erase(key); // Let a fixed source be retried.
    }
  }
  return future.get();
}

} // namespace ttemu
