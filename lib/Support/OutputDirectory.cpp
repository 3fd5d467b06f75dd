//===- OutputDirectory.cpp - Writing output trees without losing data ----===//

#include "tilett/Support/OutputDirectory.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <array>
#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <sys/syscall.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace llvm;
namespace fs = llvm::sys::fs;
namespace path = llvm::sys::path;

namespace mlir::tilett {

namespace {
void emptyDirectoryAt(int dir, int depth);
} // namespace

void removeTreeInSignalHandler(const char *path) {
  int dir = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
  if (dir < 0)
    return;
  constexpr int kMaxDepth = 16; // an output tree is two levels deep
  emptyDirectoryAt(dir, kMaxDepth);
  rmdir(path);
}

namespace {

//===----------------------------------------------------------------------===//
// Removal on interruption
//===----------------------------------------------------------------------===//

// Directories to remove when SIGINT/SIGTERM/SIGHUP/SIGQUIT arrive. Fixed
// slots, so the handler neither allocates nor locks to find them.
constexpr size_t kSlots = 32;
constexpr size_t kPathMax = 4096;
struct Slot {
  std::atomic<bool> used{false};
  char path[kPathMax];
};
std::array<Slot, kSlots> slots;
constexpr std::array<int, 4> kInterruptSignals = {SIGINT, SIGTERM, SIGHUP,
                                                  SIGQUIT};
struct sigaction previous[NSIG];

/// The record getdents64 fills (the kernel's struct linux_dirent64).
struct DirEntry64 {
  uint64_t ino;
  int64_t off;
  unsigned short reclen;
  unsigned char type;
  char name[];
};

/// Empties the open directory `dir` with system calls alone, `depth`
/// levels down at most, and closes it.
void emptyDirectoryAt(int dir, int depth) {
  alignas(8) char buffer[2048];
  // Entries removed while reading may shift the listing: read again from
  // the start until a pass finds nothing left to remove.
  for (bool removed = true; removed;) {
    removed = false;
    lseek(dir, 0, SEEK_SET);
    for (long n; (n = syscall(SYS_getdents64, dir, buffer, sizeof(buffer))) > 0;)
      for (long at = 0; at < n;) {
        auto *entry = reinterpret_cast<DirEntry64 *>(buffer + at);
        at += entry->reclen;
        const char *name = entry->name;
        if (!std::strcmp(name, ".") || !std::strcmp(name, ".."))
          continue;
        if (unlinkat(dir, name, 0) == 0) {
          removed = true;
          continue;
        }
        if (depth == 0)
          continue;
        int sub = openat(dir, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
        if (sub < 0)
          continue;
        emptyDirectoryAt(sub, depth - 1);
        if (unlinkat(dir, name, AT_REMOVEDIR) == 0)
          removed = true;
      }
  }
  close(dir);
}

void onInterrupt(int sig, siginfo_t *info, void *context) {
  for (Slot &slot : slots)
    if (slot.used.exchange(false))
      removeTreeInSignalHandler(slot.path);
  // Hand the signal on (LLVM's handler removes its files and re-raises),
  // so the process still ends as the signal says.
  const struct sigaction &old = previous[sig];
  if (old.sa_flags & SA_SIGINFO) {
    if (old.sa_sigaction)
      return old.sa_sigaction(sig, info, context);
  } else if (old.sa_handler != SIG_DFL && old.sa_handler != SIG_IGN) {
    return old.sa_handler(sig);
  }
  signal(sig, SIG_DFL);
  raise(sig);
}

void installInterruptHandlers() {
  static const bool installed = [] {
    for (int sig : kInterruptSignals) {
      struct sigaction action;
      std::memset(&action, 0, sizeof(action));
      action.sa_sigaction = onInterrupt;
      action.sa_flags = SA_SIGINFO | SA_NODEFER;
      sigemptyset(&action.sa_mask);
      sigaction(sig, &action, &previous[sig]);
    }
    return true;
  }();
  (void)installed;
}

void registerForRemoval(StringRef dir) {
  installInterruptHandlers();
  if (dir.size() >= kPathMax)
    return;
  for (Slot &slot : slots) {
    bool expected = false;
    if (slot.used.load() || !slot.used.compare_exchange_strong(expected, true))
      continue;
    std::memcpy(slot.path, dir.data(), dir.size());
    slot.path[dir.size()] = '\0';
    return;
  }
}

void unregisterForRemoval(StringRef dir) {
  for (Slot &slot : slots)
    if (slot.used.load() && dir == StringRef(slot.path))
      slot.used.store(false);
}

//===----------------------------------------------------------------------===//
// Stale staging directories
//===----------------------------------------------------------------------===//

/// Whether `pid` still runs. A killed process whose parent died too stays a
/// zombie until something reaps it (never, under a container init that does
/// not), and kill(pid, 0) still finds it: /proc says it is dead.
bool processIsAlive(long pid) {
  if (pid <= 0 ||
      (::kill(static_cast<pid_t>(pid), 0) != 0 && errno != EPERM))
    return false;
  std::string stat = "/proc/" + std::to_string(pid) + "/stat";
  if (FILE *f = std::fopen(stat.c_str(), "r")) {
    // "pid (comm) state ...": the state follows the last ')'.
    char buf[512];
    size_t n = std::fread(buf, 1, sizeof(buf) - 1, f);
    std::fclose(f);
    buf[n] = '\0';
    if (const char *paren = std::strrchr(buf, ')'))
      if (paren[1] == ' ' && (paren[2] == 'Z' || paren[2] == 'X'))
        return false;
  }
  return true;
}

/// Removes the entries `<stem><pid>-*` of `dir` that belong to this user and
/// to processes that no longer run.
void sweepStale(StringRef dir, StringRef stem) {
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end;
       it.increment(ec)) {
    StringRef name = path::filename(it->path());
    if (!name.starts_with(stem))
      continue;
    StringRef pidText = name.drop_front(stem.size()).split('-').first;
    long pid;
    if (pidText.getAsInteger(10, pid) || processIsAlive(pid))
      continue;
    struct stat st;
    if (::lstat(it->path().c_str(), &st) != 0 || st.st_uid != ::getuid() ||
        !S_ISDIR(st.st_mode))
      continue;
    (void)fs::remove_directories(it->path());
  }
}

std::string parentOf(StringRef target) {
  StringRef parent = path::parent_path(target);
  return parent.empty() ? "." : parent.str();
}

Error outputError(StringRef target, const Twine &why) {
  return createStringError(inconvertibleErrorCode(),
                           "cannot write the output directory '" + target +
                               "': " + why);
}

/// Staging siblings are named `<target>.tilett-<kind>-<pid>-XXXXXX`.
std::string stagingStem(StringRef target, StringRef kind) {
  return (path::filename(target) + ".tilett-" + kind + "-").str();
}

} // namespace

Error checkOutputTarget(StringRef target, bool force) {
  if (target.empty())
    return outputError(target, "the path is empty");
  fs::file_status st;
  if (std::error_code ec = fs::status(target, st, /*Follow=*/false)) {
    if (ec == std::errc::no_such_file_or_directory)
      return Error::success();
    return outputError(target, ec.message());
  }
  switch (st.type()) {
  case fs::file_type::directory_file:
    break;
  case fs::file_type::symlink_file:
    return outputError(target, "it is a symbolic link; tilett does not "
                               "replace links or what they point to");
  case fs::file_type::regular_file:
    return outputError(target, "it is a regular file; give a directory path "
                               "that does not exist yet");
  default:
    return outputError(target, "it exists and is not a directory (a device, "
                               "socket or pipe); nothing was touched");
  }
  SmallString<256> marker(target);
  path::append(marker, kOutputMarkerName);
  if (force || fs::exists(marker))
    return Error::success();
  std::error_code ec;
  fs::directory_iterator it(target, ec);
  if (ec)
    return outputError(target, ec.message());
  if (it == fs::directory_iterator())
    return Error::success();
  return outputError(
      target, "the directory exists, is not empty and is not an earlier "
              "tilett output (it has no " +
                  kOutputMarkerName +
                  " file); nothing was touched. Choose a new path, or pass "
                  "--force to replace the directory and everything in it");
}

Expected<std::unique_ptr<StagedOutputDirectory>>
StagedOutputDirectory::create(StringRef target, bool force) {
  if (Error err = checkOutputTarget(target, force))
    return std::move(err);
  std::string parent = parentOf(target);
  if (std::error_code ec = fs::create_directories(parent))
    return outputError(target, "cannot create its parent directory '" +
                                   parent + "': " + ec.message());
  sweepStale(parent, stagingStem(target, "tmp"));
  sweepStale(parent, stagingStem(target, "old"));
  SmallString<256> staging;
  std::string model = (target + ".tilett-tmp-" + Twine(::getpid()) +
                       "-%%%%%%")
                          .str();
  std::error_code ec;
  for (int attempt = 0; attempt < 16; ++attempt) {
    fs::createUniquePath(model, staging, /*MakeAbsolute=*/false);
    ec = fs::create_directory(staging, /*IgnoreExisting=*/false);
    if (ec != std::errc::file_exists)
      break;
  }
  if (ec)
    return outputError(target, "cannot create the staging directory '" +
                                   staging + "': " + ec.message());
  registerForRemoval(staging);
  return std::unique_ptr<StagedOutputDirectory>(new StagedOutputDirectory(
      target.str(), force, std::string(staging)));
}

StagedOutputDirectory::StagedOutputDirectory(std::string target, bool force,
                                             std::string staging)
    : target(std::move(target)), staging(std::move(staging)), force(force) {}

StagedOutputDirectory::~StagedOutputDirectory() {
  if (committed)
    return;
  unregisterForRemoval(staging);
  (void)fs::remove_directories(staging);
}

Error StagedOutputDirectory::commit() {
  SmallString<256> marker(staging);
  path::append(marker, kOutputMarkerName);
  {
    std::error_code ec;
    raw_fd_ostream os(marker, ec);
    if (ec)
      return outputError(target, "cannot write '" + marker +
                                     "': " + ec.message());
    os << "tilett output directory: replaced by the next tilett -o here\n";
    os.close();
    if (os.has_error())
      return outputError(target, "cannot write '" + marker +
                                     "': " + os.error().message());
  }

  // Writers of one target take turns on the swap, each seeing the other's
  // complete output (which it may replace) rather than a moment with none.
  std::string parent = parentOf(target);
  int lockFd = ::open(parent.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (lockFd >= 0)
    ::flock(lockFd, LOCK_EX);
  auto unlock = [&] {
    if (lockFd >= 0)
      ::close(lockFd);
  };
  if (Error err = checkOutputTarget(target, force)) {
    unlock();
    return err;
  }
  SmallString<256> old;
  if (fs::exists(target)) {
    fs::createUniquePath(target + ".tilett-old-" + Twine(::getpid()) +
                             "-%%%%%%",
                         old, /*MakeAbsolute=*/false);
    if (std::error_code ec = fs::rename(target, old)) {
      unlock();
      return outputError(target, "cannot move the earlier output aside: " +
                                     ec.message());
    }
    registerForRemoval(old);
  }
  if (std::error_code ec = fs::rename(staging, target)) {
    if (!old.empty())
      (void)fs::rename(old, target);
    unlock();
    return outputError(target, "cannot move the new output into place: " +
                                   ec.message());
  }
  committed = true;
  unregisterForRemoval(staging);
  unlock();
  if (!old.empty()) {
    (void)fs::remove_directories(old);
    unregisterForRemoval(old);
  }
  return Error::success();
}

Expected<std::string> createTemporaryDirectory(StringRef prefix) {
  SmallString<256> base;
  path::system_temp_directory(/*ErasedOnReboot=*/true, base);
  std::string stem = (prefix + "-").str();
  sweepStale(base, stem);
  SmallString<256> dir(base);
  path::append(dir, stem + Twine(::getpid()) + "-%%%%%%");
  SmallString<256> unique;
  std::error_code ec;
  for (int attempt = 0; attempt < 16; ++attempt) {
    fs::createUniquePath(dir, unique, /*MakeAbsolute=*/false);
    ec = fs::create_directory(unique, /*IgnoreExisting=*/false,
                              fs::perms::owner_all);
    if (ec != std::errc::file_exists)
      break;
  }
  if (ec)
    return createStringError(ec, "cannot create a temporary directory '" +
                                     unique + "': " + ec.message());
  registerForRemoval(unique);
  return std::string(unique);
}

void removeTemporaryDirectory(StringRef dir) {
  unregisterForRemoval(dir);
  (void)fs::remove_directories(dir);
}

void ignoreFileSizeSignal() { ::signal(SIGXFSZ, SIG_IGN); }

} // namespace mlir::tilett
