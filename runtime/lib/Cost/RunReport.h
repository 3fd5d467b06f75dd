// After a run: device time, the lastRunStats() record, the TT_EMU_REPORT
// summary and the TT_EMU_TRACE Chrome-trace timeline.
#pragma once

#include <cstdint>
#include <string>

namespace ttemu {
class Run;
struct RunStats;
void publishRun(Run &run);
/// Runs the calling thread publishes are also copied to `*sink` (null:
/// not); a mesh steps chips on several threads and needs each run's own.
void setThreadRunStatsSink(RunStats *sink);
/// Writes the Chrome trace of `run` (tracing must have been on) to `path`.
void writeTrace(Run &run, const std::string &path, double clockGHz);
/// TT_EMU_PROFILE=DIR: writes DIR/summary.txt (per core and processor:
/// busy, stalled by cause), DIR/trace.json and DIR/heatmap.svg.
void writeProfile(Run &run, const std::string &dir, uint64_t deviceCycles);
} // namespace ttemu
