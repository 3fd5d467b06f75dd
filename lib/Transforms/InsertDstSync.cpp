//===- InsertDstSync.cpp - DST sections to the math/pack handoff ----------===//
//
// A compute kernel's math and pack run on two TRISCs that share DST in two
// halves: math acquires a half, fills it and commits it; pack waits for it,
// drains it and releases it. Each `tt.dst_section` is one such use, so it
// becomes exactly that sequence. The section's tile count is checked here,
// where the kernel's DST format is known (`tt.compute_config`): a section
// larger than a half would have math overwrite tiles pack has not read.
//
//===----------------------------------------------------------------------===//

#include "tilett/Transforms/ComputeConfig.h"
#include "tilett/Transforms/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/PatternMatch.h"

namespace mlir::tilett {
#define GEN_PASS_DEF_INSERTDSTSYNC
#include "tilett/Transforms/Passes.h.inc"
} // namespace mlir::tilett

using namespace mlir;
using namespace mlir::tilett;

namespace mlir::tilett {
namespace {

/// Tiles of one DST half in half-sync mode: 8 of 16-bit data, 4 of fp32.
int64_t dstHalfTiles(Operation *op) {
  auto func = op->getParentOfType<func::FuncOp>();
  auto config =
      func ? func->getAttrOfType<DictionaryAttr>(kComputeConfigAttrName)
           : DictionaryAttr();
  auto fp32 = config ? config.getAs<BoolAttr>("fp32_dest_acc_en") : BoolAttr();
  return fp32 && fp32.getValue() ? 4 : 8;
}

/// Moves the ops of `region`'s block before `before`.
void inlineBefore(Region &region, Operation *before) {
  Block &body = region.front();
  before->getBlock()->getOperations().splice(
      before->getIterator(), body.getOperations(), body.begin(), body.end());
}

struct InsertDstSync : public impl::InsertDstSyncBase<InsertDstSync> {
  void runOnOperation() final {
    SmallVector<tt::DstSectionOp> sections;
    getOperation()->walk(
        [&](tt::DstSectionOp section) { sections.push_back(section); });
    for (tt::DstSectionOp section : sections) {
      int64_t half = dstHalfTiles(section);
      if (section.getDstTiles() > half) {
        section.emitOpError() << "uses " << section.getDstTiles()
                              << " DST tiles but a DST half holds " << half
                              << (half == 4 ? " with fp32_dest_acc_en" : "");
        return signalPassFailure();
      }
      OpBuilder b(section);
      Location loc = section.getLoc();
      tt::TileRegsAcquireOp::create(b, loc);
      inlineBefore(section.getMath(), section);
      tt::TileRegsCommitOp::create(b, loc);
      tt::TileRegsWaitOp::create(b, loc);
      inlineBefore(section.getPack(), section);
      tt::TileRegsReleaseOp::create(b, loc);
      section.erase();
    }
  }
};

} // namespace
} // namespace mlir::tilett
