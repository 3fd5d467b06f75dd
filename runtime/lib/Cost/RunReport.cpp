// Run statistics, summary printing and Chrome-trace output.
#include "Cost/RunReport.h"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <mutex>

#include <fmt/format.h>

#include "Cost/DeviceZones.h"
#include "Kernel/RunState.h"
#include "ttemu/emulator.h"

namespace ttemu {
namespace {

std::mutex statsMutex;
RunStats lastStats;
thread_local RunStats *threadSink = nullptr;

bool envOn(const char *name) {
  const char *v = std::getenv(name);
  return v && *v && std::string(v) != "0";
}

} // namespace

void writeTrace(Run &r, const std::string &path, double clockGHz) {
  std::ofstream out(path);
  if (!out) {
    std::fprintf(stderr, "tt-emu: cannot write trace to %s\n", path.c_str());
    return;
  }
  out << "{\"traceEvents\":[\n";
  bool first = true;
  auto us = [clockGHz](uint64_t cycles) { return cycles / (clockGHz * 1000.0); };
  auto track = [&](uint32_t pid, uint32_t tid, const std::string &name,
                   const std::vector<TraceEvent> &events) {
    out << ",\n"
        << fmt::format("{{\"name\":\"thread_name\",\"ph\":\"M\",\"pid\":{},"
                       "\"tid\":{},\"args\":{{\"name\":\"{}\"}}}}",
                       pid, tid, name);
    for (const TraceEvent &e : events)
      out << ",\n"
          << fmt::format("{{\"name\":\"{}\",\"ph\":\"X\",\"pid\":{},\"tid\":{},"
                         "\"ts\":{:.4f},\"dur\":{:.4f}}}",
                         e.name, pid, tid, us(e.start), us(e.end - e.start));
  };
  for (auto &t : r.threads) {
    uint32_t pid = r.dev.coreIndex(t->core->x, t->core->y);
    uint32_t tid = static_cast<uint32_t>(t->processor);
    // Name the process after the core and the thread after the processor.
    out << (first ? "" : ",\n")
        << fmt::format("{{\"name\":\"process_name\",\"ph\":\"M\",\"pid\":{},"
                       "\"args\":{{\"name\":\"core ({},{})\"}}}}",
                       pid, t->core->x, t->core->y);
    first = false;
    track(pid, tid, processorName(t->processor), t->trace);
    // A compute kernel's TRISCs get a track each, after BRISC/NCRISC/TRISC.
    if (t->processor == Processor::TRISC)
      for (uint32_t i = 0; i < kTriscs; ++i)
        track(pid, 3 + i,
              fmt::format("TRISC{} ({})", i, triscName(static_cast<Trisc>(i))),
              t->triscTrace[i]);
  }
  out << "\n],\"displayTimeUnit\":\"ns\"}\n";
}

namespace {
} // namespace

void setThreadRunStatsSink(RunStats *sink) { threadSink = sink; }

RunStats lastRunStats() {
  std::lock_guard lock(statsMutex);
  return lastStats;
}

void publishRun(Run &r) {
  RunStats s;
  s.arch = r.dev.arch.name;
  s.clockGHz = r.dev.arch.clockGHz;
  for (auto &t : r.threads) {
    s.deviceCycles = std::max(s.deviceCycles, t->clock);
    s.flops += t->flops;
    s.threads.push_back({t->core->x, t->core->y, processorName(t->processor),
                         t->kernel->name, t->clock, t->busy});
    if (t->processor == Processor::TRISC) {
      s.threads.back().triscEnd = t->pipe.clock;
      s.threads.back().triscBusy = t->pipe.busy;
    }
  }
  s.deviceUs = s.deviceCycles / (s.clockGHz * 1000.0);
  s.warnings = r.warnings;
  {
    std::lock_guard lock(statsMutex);
    lastStats = s;
  }
  if (threadSink)
    *threadSink = s;
  if (!envOn("TT_EMU_QUIET"))
    std::fprintf(stderr, "tt-emu: device time %llu cycles = %.3f us at %.2f GHz (%s)\n",
                 static_cast<unsigned long long>(s.deviceCycles), s.deviceUs,
                 s.clockGHz, s.arch.c_str());
  if (envOn("TT_EMU_REPORT")) {
    std::string rep = fmt::format("tt-emu report: {} threads on {}, {} "
                                  "scheduler handoffs\n",
                                  s.threads.size(), s.arch, r.sched.switches);
    for (auto &t : s.threads) {
      rep += fmt::format("  core ({},{}) {:6} busy {:>10} / {:>10} cycles "
                         "({:5.1f}%)  {}\n",
                         t.coreX, t.coreY, t.processor, t.busyCycles,
                         s.deviceCycles,
                         s.deviceCycles ? 100.0 * t.busyCycles / s.deviceCycles : 0.0,
                         t.kernel);
      if (t.processor == "TRISC")
        rep += fmt::format("         UNPACK {:>10}  MATH {:>10}  PACK {:>10} "
                           "busy cycles\n",
                           t.triscBusy[0], t.triscBusy[1], t.triscBusy[2]);
    }
    if (s.flops && s.deviceUs > 0)
      rep += fmt::format("  {:.3f} TFLOP/s ({} flop)\n",
                         s.flops / (s.deviceUs * 1e6), s.flops);
    std::fputs(rep.c_str(), stderr);
  }
  zones::finishRun(r, s.deviceCycles); // device profiler markers of this run
  if (const char *path = std::getenv("TT_EMU_TRACE"); path && *path)
    writeTrace(r, path, s.clockGHz);
  if (const char *dir = std::getenv("TT_EMU_PROFILE"); dir && *dir)
    writeProfile(r, dir, s.deviceCycles);
}

} // namespace ttemu
