// Device profiler: markers from kernels at emulated cycle times, finished
// per run, written as tt-metal's profile_log_device.csv by the host's
// profiler reads and as zones.txt / zones.json by TT_EMU_PROFILE.
#include "Cost/DeviceZones.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <fstream>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <unordered_map>
#include <vector>

#include <fmt/format.h>

#include <tools/profiler/kernel_profiler.hpp>
#include <tt-metalium/device.hpp>
#include <tt-metalium/mesh_device.hpp>
#include <tt-metalium/tt_metal_profiler.hpp>

#include "Kernel/RunState.h"

namespace ttemu::zones {
namespace {

using abi::ProfileMark;

/// RISC names as tt-metal's CSV spells them; a compute kernel's TRISCs are
/// 2..4.
const char *const kRiscNames[] = {"BRISC", "NCRISC", "TRISC_0", "TRISC_1",
                                  "TRISC_2"};

struct Mark {
  uint32_t x, y;     // NOC coordinates of the core
  uint8_t risc;      // index into kRiscNames
  ProfileMark kind;
  uint32_t name, file, line; // name and file: indices into Store::strings
  uint64_t time, data;
  uint64_t seq; // recording order, which breaks ties of equal times
};

struct FinishedRun {
  int device = 0;
  uint32_t runId = 0;
  std::string arch;
  double clockGHz = 1.0;
  uint32_t cores = 0;
  uint64_t cycles = 0;
  uint64_t base = 0; // device cycles of the device's earlier runs
  std::vector<Mark> marks;
};

struct Store {
  std::mutex mu;
  std::vector<std::string> strings;
  std::unordered_map<std::string, uint32_t> stringIds;
  // Runs in progress. A kernel's string literals live as long as its run,
  // so their addresses are interned per run.
  struct Pending {
    std::vector<Mark> marks;
    std::unordered_map<const char *, uint32_t> byAddress;
  };
  std::map<Run *, Pending> pending;
  std::deque<FinishedRun> unread;    // not yet read by the host
  std::optional<FinishedRun> last;   // for TT_EMU_PROFILE
  std::map<int, uint64_t> elapsed;   // per device: cycles of earlier runs
  std::map<int, uint32_t> runCount;  // per device: runs so far
  std::set<std::filesystem::path> csvStarted; // files this process began
  uint64_t seq = 0;

  uint32_t intern(const std::string &s) {
    auto [it, added] = stringIds.try_emplace(s, uint32_t(strings.size()));
    if (added)
      strings.push_back(s);
    return it->second;
  }
  uint32_t intern(Pending &p, const char *s) {
    auto it = p.byAddress.find(s);
    if (it != p.byAddress.end())
      return it->second;
    return p.byAddress[s] = intern(std::string(s ? s : ""));
  }
};

Store &store() {
  static Store s;
  return s;
}

/// The clock of TRISC `i` of compute thread `t`: the active one's lives in
/// t.clock (useTrisc).
uint64_t triscClock(const ThreadRun &t, uint32_t i) {
  return static_cast<uint32_t>(t.pipe.active) == i ? t.clock : t.pipe.clock[i];
}

const char *typeName(ProfileMark k) {
  switch (k) {
  case ProfileMark::ZoneStart: return "ZONE_START";
  case ProfileMark::ZoneEnd: return "ZONE_END";
  case ProfileMark::Data: return "TS_DATA";
  case ProfileMark::Event:
  case ProfileMark::Flag: return "TS_EVENT";
  }
  return "";
}

/// tt-metal's timer_id is a 16-bit hash of the zone's name and place; any
/// stable hash serves the same purpose (pairing a zone's start and end).
uint32_t timerId(const std::string &name, const std::string &file, uint32_t line) {
  uint32_t h = 2166136261u;
  for (char c : fmt::format("{},{},{}", name, file, line))
    h = (h ^ uint8_t(c)) * 16777619u;
  return h & 0xffff;
}

std::filesystem::path logsDir() {
  if (const char *d = std::getenv("TT_METAL_PROFILER_DIR"); d && *d)
    return std::filesystem::path(d) / ".logs";
  const char *home = std::getenv("TT_METAL_HOME");
  return std::filesystem::path(home && *home ? home : ".") / "generated" /
         "profiler" / ".logs";
}

bool profilerEnabled() {
  const char *v = std::getenv("TT_METAL_DEVICE_PROFILER");
  return v && *v && std::string(v) != "0";
}

/// Appends the unread runs of `device` to profile_log_device.csv (the
/// process's first read of a file starts it, as tt-metal's does).
void readResults(int device) {
  Store &s = store();
  std::lock_guard lock(s.mu);
  std::vector<FinishedRun> runs;
  for (auto it = s.unread.begin(); it != s.unread.end();) {
    if (it->device == device) {
      runs.push_back(std::move(*it));
      it = s.unread.erase(it);
    } else {
      ++it;
    }
  }
  if (!profilerEnabled() || runs.empty())
    return;
  std::error_code ec;
  std::filesystem::path dir = logsDir();
  std::filesystem::create_directories(dir, ec);
  std::filesystem::path path = dir / "profile_log_device.csv";
  bool started = s.csvStarted.count(path) != 0;
  std::ofstream out(path, started ? std::ios::app : std::ios::trunc);
  if (!out) {
    std::fprintf(stderr, "tt-emu: cannot write %s\n", path.c_str());
    return;
  }
  if (!started)
    out << fmt::format("ARCH: {}, CHIP_FREQ[MHz]: {}, Max Compute Cores: {}\n",
                       runs.front().arch, int(runs.front().clockGHz * 1000),
                       runs.front().cores)
        << "PCIe slot, core_x, core_y, RISC processor type, timer_id, "
           "time[cycles since reset], data, run host ID, trace id, trace id "
           "counter, zone name, type, source line, source file, meta data\n";
  s.csvStarted.insert(path);
  for (const FinishedRun &r : runs)
    for (const Mark &m : r.marks) {
      const std::string &name = s.strings[m.name], &file = s.strings[m.file];
      out << fmt::format("{},{},{},{},{},{},{},{},,,{},{},{},{},\n", r.device,
                         m.x, m.y, kRiscNames[m.risc], timerId(name, file, m.line),
                         m.time, m.data, r.runId, name, typeName(m.kind), m.line,
                         file);
    }
}

std::string zonesTable(const FinishedRun &r, const Store &s) {
  struct Agg {
    uint64_t count = 0, total = 0, min = UINT64_MAX, max = 0;
  };
  std::map<std::pair<std::string, std::string>, Agg> agg; // (name, risc)
  std::map<std::pair<std::string, std::string>, uint64_t> points;
  // Zones nest, so a start pairs with the latest open start of its name.
  std::map<std::tuple<uint32_t, uint32_t, uint8_t, uint32_t>, std::vector<uint64_t>> open;
  for (const Mark &m : r.marks) {
    const std::string &name = s.strings[m.name];
    auto key = std::make_tuple(m.x, m.y, m.risc, m.name);
    if (m.kind == ProfileMark::ZoneStart) {
      open[key].push_back(m.time);
    } else if (m.kind == ProfileMark::ZoneEnd) {
      auto &stack = open[key];
      if (stack.empty())
        continue;
      uint64_t d = m.time - stack.back();
      stack.pop_back();
      Agg &a = agg[{name, kRiscNames[m.risc]}];
      ++a.count, a.total += d, a.min = std::min(a.min, d), a.max = std::max(a.max, d);
    } else {
      ++points[{name.empty() ? "(event)" : name, kRiscNames[m.risc]}];
    }
  }
  std::string t = fmt::format(
      "tt-emu device profiler zones of run {} on device {} ({} cycles; "
      "cycles are emulated, a zone's are summed over all cores)\n\n",
      r.runId, r.device, r.cycles);
  t += fmt::format("{:<28} {:<8} {:>8} {:>14} {:>10} {:>10} {:>10}\n", "zone",
                   "risc", "count", "total", "mean", "min", "max");
  for (auto &[k, a] : agg)
    t += fmt::format("{:<28} {:<8} {:>8} {:>14} {:>10} {:>10} {:>10}\n", k.first,
                     k.second, a.count, a.total, a.total / a.count, a.min, a.max);
  if (!points.empty()) {
    t += fmt::format("\n{:<28} {:<8} {:>8}\n", "marker", "risc", "count");
    for (auto &[k, n] : points)
      t += fmt::format("{:<28} {:<8} {:>8}\n", k.first, k.second, n);
  }
  return t;
}

std::string zonesTrace(const FinishedRun &r, const Store &s) {
  // From the run's start, as the emulator's trace.json.
  auto us = [&](uint64_t c) { return double(c - r.base) / (r.clockGHz * 1000.0); };
  std::string j = "{\"traceEvents\":[\n";
  bool first = true;
  auto add = [&](const std::string &e) {
    j += (first ? "" : ",\n") + e;
    first = false;
  };
  std::map<std::pair<uint32_t, uint32_t>, bool> named;
  for (const Mark &m : r.marks) {
    uint32_t pid = m.y * 256 + m.x;
    if (!named[{m.x, m.y}]) {
      named[{m.x, m.y}] = true;
      add(fmt::format("{{\"name\":\"process_name\",\"ph\":\"M\",\"pid\":{},"
                      "\"args\":{{\"name\":\"core ({},{})\"}}}}",
                      pid, m.x, m.y));
      for (uint32_t i = 0; i < 5; ++i)
        add(fmt::format("{{\"name\":\"thread_name\",\"ph\":\"M\",\"pid\":{},"
                        "\"tid\":{},\"args\":{{\"name\":\"{}\"}}}}",
                        pid, i, kRiscNames[i]));
    }
    const char *ph = m.kind == ProfileMark::ZoneStart ? "B"
                     : m.kind == ProfileMark::ZoneEnd ? "E"
                                                       : "i";
    add(fmt::format("{{\"name\":\"{}\",\"ph\":\"{}\",\"pid\":{},\"tid\":{},"
                    "\"ts\":{:.4f}{}}}",
                    s.strings[m.name], ph, pid, m.risc, us(m.time),
                    m.kind == ProfileMark::Data || m.kind == ProfileMark::Event
                        ? fmt::format(",\"s\":\"t\",\"args\":{{\"data\":{}}}", m.data)
                        : std::string(*ph == 'i' ? ",\"s\":\"t\"" : "")));
  }
  return j + "\n],\"displayTimeUnit\":\"ns\"}\n";
}

} // namespace

void finishRun(Run &r, uint64_t deviceCycles) {
  Store &s = store();
  std::lock_guard lock(s.mu);
  Store::Pending p;
  if (auto it = s.pending.find(&r); it != s.pending.end()) {
    p = std::move(it->second);
    s.pending.erase(it);
  }
  // Runs are counted and timed always, but kept only for a reader: the
  // device profiler (TT_METAL_DEVICE_PROFILER) or TT_EMU_PROFILE, so that a
  // program running thousands of times unprofiled keeps nothing.
  const char *emuProfile = std::getenv("TT_EMU_PROFILE");
  bool forProfile = emuProfile && *emuProfile, forDevice = profilerEnabled();
  uint32_t runId = ++s.runCount[r.dev.id];
  uint64_t base = s.elapsed[r.dev.id];
  s.elapsed[r.dev.id] += deviceCycles;
  if (!forProfile && !forDevice) {
    s.last.reset();
    return;
  }
  FinishedRun f;
  f.device = r.dev.id;
  f.runId = runId;
  f.arch = r.dev.arch.name;
  f.clockGHz = r.dev.arch.clockGHz;
  f.cores = r.dev.arch.numCores();
  f.cycles = deviceCycles;
  f.base = base;
  f.marks = std::move(p.marks);
  for (Mark &m : f.marks)
    m.time += base;
  // tt-metal's firmware wraps every kernel in <RISC>-FW and <RISC>-KERNEL
  // zones; post-processing keys on them, so they are recorded too (here the
  // kernel starts at the run's start and ends at its processor's end).
  // Their recording order (seq) nests them: FW outside KERNEL outside the
  // kernel's own markers (seq from 2).
  uint32_t fileId = s.intern("firmware"), lineId = 0;
  auto wrap = [&](uint32_t x, uint32_t y, uint8_t risc, uint64_t end) {
    std::string base_name = risc >= 2 ? "TRISC" : kRiscNames[risc];
    for (uint64_t level : {0, 1}) {
      uint32_t name = s.intern(base_name + (level ? "-KERNEL" : "-FW"));
      f.marks.push_back({x, y, risc, ProfileMark::ZoneStart, name, fileId,
                         lineId, base, 0, level});
      f.marks.push_back({x, y, risc, ProfileMark::ZoneEnd, name, fileId, lineId,
                         base + end, 0, UINT64_MAX - level});
    }
  };
  for (auto &t : r.threads) {
    CoreCoord n = r.dev.workerNoc(t->core->x, t->core->y);
    uint32_t x = uint32_t(n.x), y = uint32_t(n.y);
    if (t->processor == Processor::TRISC)
      for (uint32_t i = 0; i < kTriscs; ++i)
        wrap(x, y, uint8_t(2 + i), t->pipe.clock[i]);
    else
      wrap(x, y, t->processor == Processor::BRISC ? 0 : 1, t->clock);
  }
  // By core and processor, then time (tt-metal's CSV order); the FW/KERNEL
  // starts sort first and their ends last at equal times.
  std::sort(f.marks.begin(), f.marks.end(), [](const Mark &a, const Mark &b) {
    return std::tie(a.y, a.x, a.risc, a.time, a.seq) <
           std::tie(b.y, b.x, b.risc, b.time, b.seq);
  });
  if (forDevice) {
    if (s.unread.size() >= 4096) // bound what a program that never reads keeps
      s.unread.pop_front();
    s.unread.push_back(f);
  }
  s.last = std::move(f);
}

void writeProfileFiles(const std::filesystem::path &dir) {
  Store &s = store();
  std::lock_guard lock(s.mu);
  if (!s.last)
    return;
  bool userMarks = std::any_of(s.last->marks.begin(), s.last->marks.end(),
                               [&](const Mark &m) { return m.line != 0; });
  if (!userMarks)
    return;
  std::ofstream(dir / "zones.txt") << zonesTable(*s.last, s);
  std::ofstream(dir / "zones.json") << zonesTrace(*s.last, s);
}

} // namespace ttemu::zones

namespace ttemu::abi {

void profilerMark(ProfileMark kind, const char *name, const char *file,
                  uint32_t line, uint64_t data) noexcept {
  ThreadRun *t = currentThread();
  Run *r = currentRun();
  if (!t || !r)
    return; // not in a kernel (a zone object outliving its run)
  auto &s = zones::store();
  std::lock_guard lock(s.mu);
  auto &p = s.pending[r];
  CoreCoord n = r->dev.workerNoc(t->core->x, t->core->y);
  uint32_t nameId = s.intern(p, name), fileId = s.intern(p, file);
  auto push = [&](uint8_t risc, uint64_t time) {
    p.marks.push_back({uint32_t(n.x), uint32_t(n.y), risc, kind, nameId, fileId,
                       line, time, data, 2 + s.seq++});
  };
  if (t->processor == Processor::TRISC)
    for (uint32_t i = 0; i < kTriscs; ++i)
      push(uint8_t(2 + i), zones::triscClock(*t, i));
  else
    push(t->processor == Processor::BRISC ? 0 : 1, t->clock);
}

} // namespace ttemu::abi

namespace tt::tt_metal {

void ReadMeshDeviceProfilerResults(distributed::MeshDevice &mesh_device,
                                   ProfilerReadState,
                                   const std::optional<ProfilerOptionalMetadata> &) {
  ttemu::zones::readResults(mesh_device.id());
}

namespace detail {
void InitDeviceProfiler(IDevice *) {}
void ProfilerSync(ProfilerSyncState) {}
void ReadDeviceProfilerResults(IDevice *device, ProfilerReadState,
                               const std::optional<ProfilerOptionalMetadata> &) {
  ttemu::zones::readResults(device->id());
}
void DumpDeviceProfileResults(IDevice *device, ProfilerReadState) {
  ttemu::zones::readResults(device->id());
}
} // namespace detail

void DumpDeviceProfileResults(IDevice *device, const Program &) {
  ttemu::zones::readResults(device->id());
}

} // namespace tt::tt_metal
