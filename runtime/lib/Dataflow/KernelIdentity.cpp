// Per-thread kernel services: runtime arguments, core identity, DPRINT.
#include <cstdio>
#include <mutex>

#include <fmt/format.h>

#include "Kernel/RunState.h"
#include "ttemu/kernel_abi.h"

namespace ttemu::abi {

uint32_t *argPtr(uint32_t index) {
  ThreadRun &t = self();
  if (index >= t.args->values.size())
    failHere(fmt::format("get_arg_val({}) but only {} runtime arguments were "
                         "set for this core",
                         index, t.args->values.size()));
  return &t.args->values[index];
}

uint32_t *commonArgPtr(uint32_t index) {
  ThreadRun &t = self();
  auto &v = t.kernel->commonArgs.values;
  if (index >= v.size())
    failHere(fmt::format("get_common_arg_val({}) but only {} common runtime "
                         "arguments were set",
                         index, v.size()));
  return &v[index];
}

uint8_t *myX() { return self().myX.data(); }
uint8_t *myY() { return self().myY.data(); }
uint32_t logicalX() { return self().core->x; }
uint32_t logicalY() { return self().core->y; }

void dprint(const std::string &text) { self().dprintLine += text; }

void dprintEndLine() {
  static std::mutex printMutex;
  ThreadRun &t = self();
  Run &r = run();
  std::lock_guard lock(printMutex);
  std::string line = fmt::format("{}:(x={},y={}):{}: {}\n", r.dev.id,
                                 t.core->x, t.core->y,
                                 processorShortName(t.processor), t.dprintLine);
  std::fwrite(line.data(), 1, line.size(), stdout);
  std::fflush(stdout);
  t.dprintLine.clear();
}

void chargeCycles(uint64_t cycles) { busyFor(self(), cycles); }

} // namespace ttemu::abi
