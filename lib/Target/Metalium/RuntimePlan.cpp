//===- RuntimePlan.cpp - tt.plan.json: build ------------------------------===//
//
// buildRuntimePlan fills the typed plan (PlanSchema.h) from the IR; its
// toJSON writes it. Validation lives in RuntimePlanValidate.cpp.
//

#include "tilett/Target/Metalium/RuntimePlan.h"
#include "tilett/Target/Metalium/PlanSchema.h"

#include "tilett/Dialect/TL/IR/TLOps.h"
#include "tilett/Dialect/TT/IR/TTAttrs.h"
#include "tilett/Dialect/TT/IR/TTDialect.h"
#include "tilett/Transforms/ComputeConfig.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/SymbolTable.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <limits>

#ifndef TILETT_VERSION
#define TILETT_VERSION "0.0.0"
#endif

using namespace mlir;
using namespace mlir::tilett;
namespace json = llvm::json;

//===----------------------------------------------------------------------===//
// Building
//===----------------------------------------------------------------------===//

namespace {

llvm::Error makeError(const Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

/// The original backend's user-level layout triple.
plan::Layout legacyLayout(tt::LayoutDescAttr desc) {
  plan::Layout layout;
  layout.shard = desc.getMemory() == tt::MemorySpace::DRAM ? "DRAM" : "L1";
  layout.interleave = !desc.isSharded();
  layout.tileIdOrder = tt::stringifyTileOrder(desc.getTileIdOrder()).str();
  return layout;
}

/// A global buffer of the kernel declaration: its argument index and name.
struct PlanBuffer {
  unsigned argIndex;
  std::string name;
  tt::LayoutDescAttr desc;
  bool read = false, written = false;
};

/// Name of argument `i` of a (possibly body-less) kernel function.
std::string argName(func::FuncOp func, unsigned i) {
  if (auto name = func.getArgAttrOfType<StringAttr>(i, tl::kBufferNameAttr))
    return name.str();
  return "arg" + std::to_string(i);
}

func::FuncOp findKernel(ModuleOp module, StringRef kernelName,
                        std::string &error) {
  SmallVector<func::FuncOp> kernels;
  for (auto func : module.getOps<func::FuncOp>())
    if (func->hasAttr("tt.kernels") &&
        (kernelName.empty() || func.getSymName() == kernelName))
      kernels.push_back(func);
  if (kernels.size() == 1)
    return kernels.front();
  if (kernels.empty())
    error = kernelName.empty()
                ? "expected a kernel declaration with tt.kernels; run the "
                  "whole pipeline (tt-grid-to-persistent) first"
                : ("no kernel named '" + kernelName +
                   "' with tt.kernels in the module")
                      .str();
  else
    error = "the module has " + std::to_string(kernels.size()) +
            " kernels; name the one to plan";
  return {};
}

/// Strings of `dict[kind]`, e.g. tt.kernel_args.reader.
SmallVector<StringRef> getStrings(DictionaryAttr dict, StringRef kind) {
  SmallVector<StringRef> out;
  auto list = dict ? dyn_cast_or_null<ArrayAttr>(dict.get(kind)) : ArrayAttr();
  if (list)
    for (Attribute a : list)
      if (auto s = dyn_cast<StringAttr>(a))
        out.push_back(s.getValue());
  return out;
}

} // namespace

/// A runtime argument that the host resolves to the NOC coordinate
/// (`axis` "noc_x" or "noc_y") of logical worker core (x, y).
static plan::Arg nocCoordinate(StringRef axis, int64_t x, int64_t y) {
  return plan::Arg(axis == "noc_x" ? plan::Arg::Kind::NocX
                                   : plan::Arg::Kind::NocY,
                   tt::formatCoreKey(x, y));
}

/// The NOCs of the data-movement kernels: tt-metal's preferred NOCs for
/// DRAM reads and writes on Wormhole and Blackhole (NOC 0 and NOC 1,
/// detail::GetPreferredNOCForDRAMRead/Write, which its Reader/Writer
/// DataMovementConfig take). On the emulator's model of the chips' NOC
/// links (runtime/docs/COST_MODEL.md, "NOC links") this is also the fastest
/// of the four choices for the generated GEMMs: a whole grid writing its
/// output on NOC 0 funnels into the DRAM columns' links, and reads on NOC 1
/// bring every response up a DRAM column.
static constexpr int64_t kReaderNoc = 0, kWriterNoc = 1;

/// The first and last position along a row (`row`) or column of the busy
/// cores of `work` on line `line` (a y for a row, an x for a column).
static std::pair<int64_t, int64_t> lineEnds(DictionaryAttr work, bool row,
                                            int64_t line) {
  int64_t first = std::numeric_limits<int64_t>::max(), last = -1;
  for (NamedAttribute entry : work) {
    auto other = tt::parseCoreKey(entry.getName().getValue());
    if (!other || (row ? other->second : other->first) != line)
      continue;
    int64_t pos = row ? other->first : other->second;
    first = std::min(first, pos);
    last = std::max(last, pos);
  }
  return {first, last};
}

/// Appends the tt::McastField values of `group` for `core`: its row
/// (column) is the busy cores that share its y (x); the sender is at one
/// end of it and the rest, a contiguous run (isMulticastPartition), are the
/// receivers. NOC 1 kernels take the rectangle's corners swapped, as
/// tt-metal's.
///
/// The senders read their tiles from DRAM on the reader's NOC. NOC 0 routes
/// a response along X, then down Y to the reader: row senders all in the
/// first column would take every row's tiles down that one column's links.
/// (NOC 1 routes up Y, then along X: column senders in one row would share
/// that row's links.) So the lines of that axis alternate their sender
/// between the two ends, halving the busiest link's load (the GEMMs of
/// bench/kernels: n150 2048^3 bf16 350.6 -> 342.8 us, p150 249.2 -> 245.9);
/// the other axis's senders end on their own column (row) and stay first,
/// except where that core already sends its row's load (`rowsShared`: the
/// kernel has row groups too): then the column's other end sends, so that
/// no core reads and multicasts both operands of a GEMM, twice the DRAM
/// reads and port time of any other core, which the whole grid then waits
/// for (n150 2048^3 in 128x256 blocks: core (0,0)'s reader was the last to
/// deliver every K step).
static void appendMcastArgs(std::vector<plan::Arg> &args,
                            tt::McastGroupAttr group,
                            std::pair<int64_t, int64_t> core,
                            DictionaryAttr work, bool noc1, bool rowsShared) {
  bool row = group.getAxis() == 0;
  bool alternateRows = kReaderNoc == 0;
  int64_t line = row ? core.second : core.first;
  auto [first, last] = lineEnds(work, row, line);
  auto at = [&](int64_t pos) {
    return row ? std::pair(pos, line) : std::pair(line, pos);
  };
  // The x of the core that sends row y's load.
  auto rowSender = [&](int64_t y) {
    auto [lo, hi] = lineEnds(work, /*row=*/true, y);
    return alternateRows && y % 2 == 1 ? hi : lo;
  };
  bool alternate = row == alternateRows;
  bool atLast = alternate && line % 2 == 1;
  if (!row && rowsShared && rowSender(first) == line && rowSender(last) != line)
    atLast = true;
  int64_t sender = first, lo = first + 1, hi = last;
  if (atLast) {
    sender = last;
    lo = first;
    hi = last - 1;
  }
  auto [sx, sy] = at(sender);
  auto start = at(lo), end = at(hi);
  if (noc1)
    std::swap(start, end);
  int64_t pos = row ? core.first : core.second;
  args.push_back(pos == sender ? 1 : 0);
  args.push_back(nocCoordinate("noc_x", sx, sy));
  args.push_back(nocCoordinate("noc_y", sx, sy));
  args.push_back(nocCoordinate("noc_x", start.first, start.second));
  args.push_back(nocCoordinate("noc_y", start.first, start.second));
  args.push_back(nocCoordinate("noc_x", end.first, end.second));
  args.push_back(nocCoordinate("noc_y", end.first, end.second));
  args.push_back(last - first);
}

llvm::Expected<plan::RuntimePlan>
mlir::tilett::buildRuntimePlan(ModuleOp module, StringRef kernelName) {
  std::string error;
  func::FuncOp func = findKernel(module, kernelName, error);
  if (!func)
    return makeError(error);
  StringRef name = func.getSymName();

  auto grid = func->getAttrOfType<tt::CoreGridAttr>("tt.core_grid");
  auto ranges = func->getAttrOfType<ArrayAttr>("tt.core_ranges");
  auto work = func->getAttrOfType<DictionaryAttr>("tt.work_partition");
  auto layouts = func->getAttrOfType<DictionaryAttr>("tt.layout_desc");
  auto cbs = func->getAttrOfType<ArrayAttr>("tt.cb_desc");
  auto kernels = func->getAttrOfType<ArrayAttr>("tt.kernels");
  auto kernelArgs = func->getAttrOfType<DictionaryAttr>("tt.kernel_args");
  auto compileArgs = func->getAttrOfType<DictionaryAttr>("tt.compile_args");
  auto arch = module->getAttrOfType<tt::ArchAttr>("tt.arch");
  if (!grid || !ranges || !work || !layouts || !cbs || !kernelArgs || !arch)
    return makeError("kernel '" + name +
                     "' lacks pipeline metadata: expected tt.arch, "
                     "tt.core_grid, tt.core_ranges, tt.work_partition, "
                     "tt.layout_desc, tt.cb_desc and tt.kernel_args");

  plan::RuntimePlan plan;
  plan.schemaVersion = kPlanSchemaVersion;
  plan.backendVersion = TILETT_VERSION;
  plan.kernel = name.str();
  plan.arch = tt::stringifyArch(arch.getValue()).str();
  plan.coreGrid = std::vector<int64_t>{grid.getGx(), grid.getGy()};

  plan.coreRanges.emplace();
  for (Attribute a : ranges) {
    auto r = cast<tt::CoreRangeAttr>(a);
    plan.coreRanges->push_back(
        plan::CoreRange{std::vector<int64_t>{r.getSx(), r.getSy()},
                        std::vector<int64_t>{r.getEx(), r.getEy()}});
  }

  plan.workPartition.emplace();
  for (NamedAttribute core : work) {
    std::vector<plan::WorkItem> &items =
        (*plan.workPartition)[core.getName().getValue().str()];
    for (Attribute a : cast<ArrayAttr>(core.getValue())) {
      auto item = cast<tt::WorkItemAttr>(a);
      plan::WorkItem &w = items.emplace_back();
      w.io = item.getIo();
      w.jo = item.getJo();
      w.lenK = item.getLenK();
      w.tileOrder = tt::stringifyTileOrder(item.getTileOrder()).str();
      w.lenM = item.getLenM();
      w.lenN = item.getLenN();
    }
  }

  // Roles come from the dataflow the kernels kept: the reader fetches
  // inputs, the writer stores outputs.
  SmallVector<PlanBuffer> buffers;
  for (unsigned i = 0, e = func.getNumArguments(); i < e; ++i) {
    auto type = dyn_cast<MemRefType>(func.getArgumentTypes()[i]);
    if (!type || !tl::isGlobalBuffer(type))
      continue;
    std::string bufferName = argName(func, i);
    auto desc = dyn_cast_or_null<tt::LayoutDescAttr>(layouts.get(bufferName));
    if (!desc)
      return makeError("buffer '" + bufferName + "' of kernel '" + name +
                       "' has no #tt.layout_desc");
    buffers.push_back({i, bufferName, desc});
  }
  auto findBuffer = [&](StringRef bufferName) -> PlanBuffer * {
    for (PlanBuffer &b : buffers)
      if (b.name == bufferName)
        return &b;
    return nullptr;
  };
  if (auto roles = func->getAttrOfType<DictionaryAttr>(
          tt::TTDialect::kBufferRolesAttrName)) {
    // The lowering's record of the dataflow (a writer may also load).
    for (NamedAttribute role : roles)
      if (PlanBuffer *b = findBuffer(role.getName().getValue())) {
        StringRef r = cast<StringAttr>(role.getValue()).getValue();
        b->read = r == "input" || r == "inout";
        b->written = r == "output" || r == "inout";
      }
  } else {
    // Without it (a hand-written lowered kernel), the reader fetches
    // inputs and the writer stores outputs.
    for (StringRef arg : getStrings(kernelArgs, "reader"))
      if (arg.consume_front("addr:"))
        if (PlanBuffer *b = findBuffer(arg))
          b->read = true;
    for (StringRef arg : getStrings(kernelArgs, "writer"))
      if (arg.consume_front("addr:"))
        if (PlanBuffer *b = findBuffer(arg))
          b->written = true;
  }

  plan.layouts.emplace();
  plan.buffers.emplace();
  bool anyF32 = false;
  for (const PlanBuffer &b : buffers) {
    (*plan.layouts)[b.name] = legacyLayout(b.desc);
    anyF32 |= b.desc.getDtype().isF32();
    plan::Buffer entry;
    entry.name = b.name;
    entry.argIndex = b.argIndex;
    entry.role = b.read && b.written ? "inout"
                 : b.read            ? "input"
                 : b.written         ? "output"
                                     : "unused";
    entry.dtype = tt::getDTypeName(b.desc.getDtype());
    entry.shape = b.desc.getShape().vec();
    entry.paddedShape = b.desc.getPaddedShape().vec();
    entry.tile = b.desc.getTile().vec();
    entry.pageSize = b.desc.getPageSize();
    entry.numPages = b.desc.getNumTiles();
    entry.memory = tt::stringifyMemorySpace(b.desc.getMemory()).str();
    entry.layout = tt::stringifyBufferLayout(b.desc.getLayout()).str();
    entry.tileIdOrder = tt::stringifyTileOrder(b.desc.getTileIdOrder()).str();
    if (b.desc.isSharded()) {
      entry.shardGrid = b.desc.getShardGrid().vec();
      entry.shardShape = b.desc.getShardShape().vec();
    }
    // shape is the device's; the host's tensor has its dims in the order
    // the kernel declared (PermuteGlobals.h).
    if (auto order = func.getArgAttrOfType<DenseI64ArrayAttr>(
            b.argIndex, tt::TTDialect::kDimOrderAttrName))
      entry.dimOrder = order.asArrayRef().vec();
    plan.buffers->push_back(std::move(entry));
  }

  plan.circularBuffers.emplace();
  for (Attribute a : cbs) {
    auto cb = cast<tt::CBDescAttr>(a);
    anyF32 |= cb.getDtype().isF32();
    plan::CircularBuffer entry;
    entry.index = cb.getIndex();
    entry.dtype = tt::getDTypeName(cb.getDtype());
    entry.pageSize = cb.getPageSize();
    entry.numPages = cb.getNumPages();
    entry.buffer = cb.getBuffer().str();
    plan.circularBuffers->push_back(std::move(entry));
  }

  // Two semaphores per multicast group, on every busy core, ids in order.
  auto mcastGroups = func->getAttrOfType<ArrayAttr>(
      tt::TTDialect::kMcastGroupsAttrName);
  if (mcastGroups && !mcastGroups.empty()) {
    plan.semaphores.emplace();
    for (Attribute a : mcastGroups) {
      auto group = cast<tt::McastGroupAttr>(a);
      for (int64_t id :
           {group.getSenderSemaphore(), group.getReceiverSemaphore()})
        plan.semaphores->push_back(plan::Semaphore{id, 0});
    }
  }

  plan.kernels.emplace();
  for (Attribute a : kernels ? kernels : ArrayAttr::get(module.getContext(), {})) {
    auto ref = dyn_cast<FlatSymbolRefAttr>(a);
    auto kfunc = ref ? SymbolTable::lookupNearestSymbolFrom<func::FuncOp>(
                           module, ref.getAttr())
                     : func::FuncOp();
    if (!kfunc)
      return makeError("tt.kernels of '" + name + "' names a missing function");
    auto kind = kfunc->getAttrOfType<tt::KernelKindAttr>("tt.kernel_kind");
    if (!kind)
      return makeError("kernel function '" + kfunc.getSymName() +
                       "' has no tt.kernel_kind");
    std::string kindName = tt::stringifyKernelKind(kind.getValue()).str();
    plan::Kernel entry;
    entry.kind = kindName;
    entry.file = kindName + ".cpp";
    switch (kind.getValue()) {
    case tt::KernelKind::Reader:
      entry.processor = "riscv_1";
      entry.noc = kReaderNoc;
      break;
    case tt::KernelKind::Writer:
      entry.processor = "riscv_0";
      entry.noc = kWriterNoc;
      break;
    case tt::KernelKind::Compute: {
      // The lowering's record of the choice (tt.compute_config, on the
      // compute kernel or the function that launches it); a hand-written
      // lowered module without one gets the defaults.
      auto config = kfunc->getAttrOfType<DictionaryAttr>(kComputeConfigAttrName);
      if (!config)
        config = func->getAttrOfType<DictionaryAttr>(kComputeConfigAttrName);
      // Without fp32_dest_acc_en there, DST holds fp32 exactly when the
      // kernel has fp32 data, as the lowering decides it.
      StringRef fidelity = kDefaultMathFidelity;
      bool approx = false, fp32DestAcc = anyF32;
      if (config) {
        if (auto f = config.getAs<StringAttr>("math_fidelity"))
          fidelity = f.getValue();
        if (auto a = config.getAs<BoolAttr>("math_approx_mode"))
          approx = a.getValue();
        if (auto f = config.getAs<BoolAttr>("fp32_dest_acc_en"))
          fp32DestAcc = f.getValue();
      }
      entry.processor = "compute";
      entry.mathFidelity = fidelity.str();
      entry.fp32DestAccEn = fp32DestAcc;
      entry.mathApproxMode = approx;
      break;
    }
    }

    std::vector<plan::Arg> &ctArgs = entry.compileTimeArgs.emplace();
    for (StringRef arg : getStrings(compileArgs, kindName)) {
      int64_t value;
      if (arg.consume_front("accessor:"))
        ctArgs.push_back(plan::Arg(plan::Arg::Kind::Accessor, arg.str()));
      else if (!arg.getAsInteger(10, value))
        ctArgs.push_back(value);
      else
        return makeError("unknown compile-time argument '" + arg +
                         "' of the " + kindName + " kernel");
    }
    entry.defines.emplace();

    SmallVector<StringRef> spec = getStrings(kernelArgs, kindName);
    auto &runtimeArgs = entry.runtimeArgs.emplace();
    for (NamedAttribute core : work) {
      auto items = cast<ArrayAttr>(core.getValue());
      std::vector<plan::Arg> args;
      for (StringRef arg : spec) {
        if (arg.consume_front("addr:")) {
          args.push_back(plan::Arg(plan::Arg::Kind::Address, arg.str()));
        } else if (arg.consume_front("mcast:")) {
          int64_t group;
          if (arg.getAsInteger(10, group) || !mcastGroups || group < 0 ||
              group >= static_cast<int64_t>(mcastGroups.size()))
            return makeError("runtime argument 'mcast:" + arg + "' of the " +
                             kindName + " kernel names no tt.mcast_groups entry");
          auto coreKey = tt::parseCoreKey(core.getName().getValue());
          if (!coreKey)
            return makeError("tt.work_partition key '" +
                             core.getName().getValue() + "' is not a core");
          bool rowsShared = llvm::any_of(mcastGroups, [](Attribute a) {
            return cast<tt::McastGroupAttr>(a).getAxis() == 0;
          });
          appendMcastArgs(args, cast<tt::McastGroupAttr>(mcastGroups[group]),
                          *coreKey, work, entry.noc.value_or(0) == 1,
                          rowsShared);
        } else if (arg == "num_items") {
          args.push_back(static_cast<int64_t>(items.size()));
        } else if (arg == "items:bx,by") {
          // Block indices from the work items (IR_CONTRACTS.md).
          for (Attribute a : items) {
            auto item = cast<tt::WorkItemAttr>(a);
            args.push_back(item.getBlockX());
            args.push_back(item.getBlockY());
          }
        } else if (arg.consume_front("items:first,")) {
          // The row-major index of the first of the core's consecutive
          // items in a grid `arg` blocks wide (IR_CONTRACTS.md).
          int64_t width = 0;
          if (arg.getAsInteger(10, width) || width <= 0)
            return makeError("runtime argument 'items:first," + arg +
                             "' of the " + kindName +
                             " kernel has no grid width");
          auto first = items.empty() ? tt::WorkItemAttr()
                                     : cast<tt::WorkItemAttr>(items[0]);
          args.push_back(first ? first.getBlockY() * width + first.getBlockX()
                               : int64_t(0));
        } else {
          return makeError("unknown runtime argument '" + arg + "' of the " +
                           kindName + " kernel");
        }
      }
      runtimeArgs[core.getName().getValue().str()] = std::move(args);
    }
    plan.kernels->push_back(std::move(entry));
  }
  return plan;
}
