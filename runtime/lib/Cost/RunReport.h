// After a run: device time, the lastRunStats() record, the TT_EMU_REPORT
// summary and the TT_EMU_TRACE Chrome-trace timeline.
#pragma once

namespace ttemu {
class Run;
void publishRun(Run &run);
} // namespace ttemu
