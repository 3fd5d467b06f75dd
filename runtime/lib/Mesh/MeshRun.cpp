// Running a mesh workload: each program on each chip of its range, the
// chips stepped by TT_EMU_MESH_THREADS host threads. Chips of one workload
// share nothing while it runs (the emulator models no Ethernet traffic
// inside a workload), so each chip's run is the single-chip run it would
// be alone, and its cycles do not depend on the threads; the queue clocks
// place the runs on the mesh's common clock (docs/MESH.md).
#include <tt-metalium/distributed.hpp>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <mutex>
#include <stdexcept>
#include <thread>

#include <fmt/format.h>

#include "Cost/RunReport.h"
#include "Device/DeviceState.h"
#include "Fabric/Fabric.h"
#include "Fabric/FabricHost.h"
#include "Host/ProgramState.h"
#include "Kernel/ProgramRunner.h"
#include "Mesh/MeshState.h"

namespace ttemu {

using tt::tt_metal::CoreCoord;
using tt::tt_metal::CoreRangeSet;
using tt::tt_metal::HalProgrammableCoreType;
using namespace tt::tt_metal::distributed;

namespace {

std::mutex lastMutex;
MeshRunStats lastMesh;

unsigned meshThreads() {
  const char *env = std::getenv("TT_EMU_MESH_THREADS");
  if (!env || !*env)
    return 1;
  char *end = nullptr;
  long v = std::strtol(env, &end, 10);
  if (end == env || *end || v < 1 || v > 64)
    throw std::runtime_error(fmt::format(
        "TT_EMU_MESH_THREADS='{}' is not a valid thread count: expected 1 to "
        "64",
        env));
  return static_cast<unsigned>(v);
}

bool envSet(const char *name) {
  const char *v = std::getenv(name);
  return v && *v && std::string(v) != "0";
}

/// Every core a program puts a kernel, CB or semaphore on.
std::vector<CoreCoord> programCores(const ProgramState &p) {
  std::vector<CoreCoord> out;
  auto add = [&](const CoreRangeSet &s) {
    for (const CoreCoord &c : corerange_to_cores(s, std::nullopt, true))
      out.push_back(c);
  };
  for (const auto &k : p.kernels)
    add(k->cores);
  for (const auto &cb : p.circularBuffers)
    add(cb.cores);
  for (const auto &s : p.semaphores)
    add(s.cores);
  return out;
}

/// With a sub-device configuration loaded, a program runs on one
/// sub-device: all its cores must lie in the same one.
/// Returns that sub-device's index (0 without a configuration).
uint32_t subDeviceOf(const MeshDevice &mesh, const ProgramState &p,
                     const MeshCoordinateRange &range) {
  const auto &subs = mesh.emuSubDevices();
  if (subs.empty())
    return 0;
  auto cores = programCores(p);
  if (cores.empty())
    return 0;
  for (size_t i = 0; i < subs.size(); ++i) {
    const CoreRangeSet &set = subs[i].cores(HalProgrammableCoreType::TENSIX);
    if (std::all_of(cores.begin(), cores.end(),
                    [&](const CoreCoord &c) { return set.contains(c); }))
      return static_cast<uint32_t>(i);
  }
  throw std::runtime_error(fmt::format(
      "MeshWorkload: the program for {} uses cores (e.g. {}) that are not all "
      "in one sub-device of the loaded configuration ({} sub-devices)",
      range.str(), cores.front().str(), subs.size()));
}

struct Job {
  uint32_t chip, subDevice;
  MeshCoordinate coord;
  ProgramState *program;
  RunStats stats;
  std::exception_ptr error;
};

/// The chips of a fabric mesh run together: every job on its own host
/// thread, the FabricMesh ordering them in simulated time (Fabric.h).
/// Chips without a program only receive.
void runCoupled(MeshDevice &mesh, std::vector<Job> &jobs, uint64_t &packets,
                uint64_t &linkBytes) {
  std::vector<DeviceState *> chips;
  for (auto *d : mesh.get_devices())
    chips.push_back(d->emuState().get());
  FabricTopology topo{static_cast<uint32_t>(mesh.num_rows()),
                      static_cast<uint32_t>(mesh.num_cols()),
                      fabricRing(mesh.emuFabricConfig())};
  FabricMesh fm(chips, topo, mesh.emuState()->arch.arch);
  std::vector<bool> busy(chips.size(), false);
  for (auto &j : jobs)
    busy[j.chip] = true;
  for (size_t i = 0; i < chips.size(); ++i)
    if (!busy[i])
      fm.finish(static_cast<uint32_t>(i));
  std::vector<std::thread> pool;
  for (auto &job : jobs)
    pool.emplace_back([&fm, &mesh, &j = job] {
      FabricChip fc{&fm, j.chip};
      setThreadFabricChip(&fc);
      setThreadRunStatsSink(&j.stats);
      try {
        runProgram(*mesh.get_devices()[j.chip]->emuState(), *j.program);
      } catch (const std::exception &e) {
        j.error = std::current_exception();
        fm.abort(e.what());
      } catch (...) {
        j.error = std::current_exception();
        fm.abort("unknown exception");
      }
      fm.finish(j.chip);
      setThreadRunStatsSink(nullptr);
      setThreadFabricChip(nullptr);
    });
  for (auto &t : pool)
    t.join();
  // The first error on the mesh (the others are its consequences).
  std::string err = fm.error();
  if (!err.empty())
    throw std::runtime_error(err);
  packets = fm.packets;
  linkBytes = fm.linkBytes;
}

} // namespace

MeshRunStats runMeshWorkload(MeshDevice &mesh, uint32_t cq, MeshWorkload &workload) {
  // Ranges in coordinate order, so runs (and which error is reported)
  // do not depend on the hash map's order.
  std::vector<std::pair<MeshCoordinateRange, tt::tt_metal::Program *>> ranges;
  for (auto &[range, program] : workload.get_programs())
    ranges.push_back({range, &program});
  std::sort(ranges.begin(), ranges.end(), [](const auto &a, const auto &b) {
    return a.first.start_coord() < b.first.start_coord();
  });
  std::vector<Job> jobs;
  MeshCoordinateRange whole(mesh.shape());
  for (auto &[range, program] : ranges) {
    TT_FATAL(whole.contains(range.start_coord()) && whole.contains(range.end_coord()),
             "MeshWorkload: {} is outside the {}x{} mesh", range.str(),
             mesh.num_rows(), mesh.num_cols());
    ProgramState &p = program->emuState();
    uint32_t sub = subDeviceOf(mesh, p, range);
    // Compile once (the kernel cache is shared by the chips), and create
    // every runtime-argument slot now: runs on several threads only read
    // the program.
    compileProgram(*mesh.emuState(), p);
    for (auto &k : p.kernels)
      for (const CoreCoord &c : corerange_to_cores(k->cores, std::nullopt, true))
        k->argsFor(c);
    for (const MeshCoordinate &coord : range.coords())
      jobs.push_back({mesh.chipIndex(coord), sub, coord, &p, {}, nullptr});
  }

  MeshState &m = mesh.emuMesh();
  bool coupled = m.fabric != tt::tt_fabric::FabricConfig::DISABLED &&
                 mesh.num_devices() > 1;
  uint64_t packets = 0, linkBytes = 0;
  if (coupled)
    runCoupled(mesh, jobs, packets, linkBytes);
  unsigned threads = coupled ? 0 : std::min<size_t>(meshThreads(), jobs.size());
  // Trace and profile files are per run, named by nothing chip-specific:
  // written one run at a time.
  if (envSet("TT_EMU_TRACE") || envSet("TT_EMU_PROFILE") ||
      envSet("TT_METAL_DEVICE_PROFILER"))
    threads = 1;
  std::atomic<size_t> next{0};
  auto worker = [&] {
    for (size_t i; (i = next.fetch_add(1)) < jobs.size();) {
      Job &j = jobs[i];
      setThreadRunStatsSink(&j.stats);
      try {
        runProgram(*mesh.get_devices()[j.chip]->emuState(), *j.program);
      } catch (...) {
        j.error = std::current_exception();
      }
      setThreadRunStatsSink(nullptr);
    }
  };
  if (coupled) {
  } else if (threads <= 1) {
    worker();
  } else {
    std::vector<std::thread> pool;
    for (unsigned t = 0; t < threads; ++t)
      pool.emplace_back(worker);
    for (auto &t : pool)
      t.join();
  }
  for (auto &j : jobs)
    if (j.error)
      std::rethrow_exception(j.error);

  // Each program starts once this queue has reached its chip and the
  // sub-device's cores are free there. Chips that talk over the fabric
  // start together, when the last of them is ready: their clocks are one.
  MeshRunStats s;
  s.cq = cq;
  s.workloads = 1;
  s.fabricPackets = packets;
  s.fabricLinkBytes = linkBytes;
  uint64_t common = 0;
  if (coupled)
    for (auto &j : jobs)
      common = std::max(
          {common, m.cqClock[cq][j.chip], m.coresFree[{j.chip, j.subDevice}]});
  bool first = true;
  for (auto &j : jobs) {
    uint64_t &free = m.coresFree[{j.chip, j.subDevice}];
    uint64_t start = coupled ? common : std::max(m.cqClock[cq][j.chip], free);
    uint64_t end = start + j.stats.deviceCycles;
    m.cqClock[cq][j.chip] = end;
    free = end;
    if (first || start < s.startCycle)
      s.startCycle = start;
    s.endCycle = std::max(s.endCycle, end);
    first = false;
    s.chips.push_back({j.coord[0], j.coord.dims() > 1 ? j.coord[1] : 0, start,
                       end, std::move(j.stats)});
  }
  s.deviceCycles = s.endCycle - s.startCycle;
  return s;
}

void publishMeshRun(const MeshRunStats &in, const char *what) {
  MeshRunStats s = in;
  double ghz = s.chips.empty() ? 1.0 : s.chips.front().run.clockGHz;
  s.deviceUs = s.deviceCycles / (ghz * 1000.0);
  {
    std::lock_guard lock(lastMutex);
    lastMesh = s;
  }
  if (s.chips.size() > 1 && !envSet("TT_EMU_QUIET"))
    std::fprintf(stderr,
                 "tt-emu: mesh %s on %zu chip run(s), cq %u: device time %llu "
                 "cycles = %.3f us (cycles %llu..%llu of the mesh clock)\n",
                 what, s.chips.size(), s.cq,
                 static_cast<unsigned long long>(s.deviceCycles), s.deviceUs,
                 static_cast<unsigned long long>(s.startCycle),
                 static_cast<unsigned long long>(s.endCycle));
}

uint64_t hostTransferCycles(tt::ARCH arch, uint64_t bytes) {
  // PCIe 4.0 x16 (Wormhole n150/n300) and 5.0 x16 (Blackhole p150): 16
  // and 32 GT/s per lane, 16 lanes, 128b/130b encoding; bytes per ns, then
  // per cycle of the chip clock (1 and 1.35 GHz).
  bool bh = arch == tt::ARCH::BLACKHOLE;
  double bytesPerNs = (bh ? 32.0 : 16.0) * 16 * 128 / 130 / 8;
  double ghz = bh ? 1.35 : 1.0;
  return static_cast<uint64_t>(std::ceil(bytes / bytesPerNs * ghz));
}

MeshRunStats lastMeshRunStats() {
  std::lock_guard lock(lastMutex);
  return lastMesh;
}

} // namespace ttemu
