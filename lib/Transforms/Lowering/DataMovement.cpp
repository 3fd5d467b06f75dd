//===- DataMovement.cpp - tl.copy to and from globals -----------------------===//
//
// Loads and stores between a global buffer and a block-local one: the
// reader or writer thread with its NOC tile transfers and CB handshakes,
// staging CBs for dtype changes, live values and vector transposes.
//
//===----------------------------------------------------------------------===//

#include "KernelLowering.h"

#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "llvm/ADT/Sequence.h"

using namespace mlir;
using namespace mlir::tilett;
using namespace mlir::tilett::lowering;

//===----------------------------------------------------------------------===//
// Data movement
//===----------------------------------------------------------------------===//

LogicalResult KernelLowering::emitTransfer(tl::CopyOp copy, KernelKind kind,
                                           int64_t cb, int64_t cbPageSize) {
  Value global = copy.getGlobal();
  auto globalType = cast<MemRefType>(global.getType());
  std::string name = tl::getBufferName(global);
  auto layout = layouts.getAs<tt::LayoutDescAttr>(name);
  if (!layout)
    return copy.emitOpError() << "expected a tt.layout_desc entry for '" << name
                              << "'";
  if (layout.isSharded())
    return copy.emitOpError() << "expected an interleaved layout for '" << name
                              << "'; sharded buffers are not lowered yet";
  auto local = getLocal(copy, copy.getLocal());
  if (failed(local))
    return failure();
  bool vector = (*local)->form != VectorForm::None;
  if (vector != (globalType.getRank() == 1))
    return copy.emitOpError()
           << "expected a 1-D block-local buffer to be copied from or to a 1-D "
              "global and a 2-D one from or to a global of rank >= 2, but '"
           << (*local)->name << "' is " << (vector ? "1-D" : "2-D") << " and '"
           << name << "' has rank " << globalType.getRank();
  // A 1-D global is a column of tiles: view it as [tiles, 1].
  SmallVector<int64_t> grid = layout.getTileGrid();
  if (vector)
    grid.push_back(1);
  int64_t rank = grid.size(), colTiles = vector ? 1 : (*local)->colTiles;
  bool reading = copy.isLoad();
  int64_t cta = (kind == KernelKind::Reader ? readerAccessors : writerAccessors)
                    .lookup(global);

  ImplicitLocOpBuilder b = threadBefore(copy, kind);
  int64_t numTiles = (*local)->numTiles();
  auto group = mcastLoads.find(copy);
  bool shared = reading && group != mcastLoads.end();
  // The tiles move in chunks, each handed over as soon as it has landed
  // (read) or been sent (written), so that compute overlaps the transfer of
  // the rest; a multicast moves the whole buffer at once.
  int64_t chunk = shared || !streams(copy) ? numTiles
                                           : largestDivisorAtMost(numTiles, kChunkTiles);
  Value cbId = i32(b, cb), count = i32(b, chunk);
  Value addr = tt::BufferAddressOp::create(b, b.getI32Type(), global);
  Value page = i32(b, layout.getPageSize());
  Value accessor = tt::InterleavedAccessorOp::create(
      b, tt::AccessorType::get(b.getContext()), addr, page, cta,
      layout.getMemory() == tt::MemorySpace::DRAM, layout.getDtype());
  // First tile row: leading offsets (elements) linearised over the padded
  // leading dims, then the row offset in tiles. Offsets are non-negative, so
  // signed division is exact here (and EmitC lowers it on index).
  SmallVector<Value> offsets(copy.getGlobalOffsets());
  if (vector)
    offsets.push_back(idx(b, 0));
  Value tile = idx(b, kTileDim);
  Value lead = idx(b, 0);
  for (int64_t d = 0; d + 2 < rank; ++d)
    lead = arith::AddIOp::create(
        b, arith::MulIOp::create(b, lead, idx(b, grid[d])), offsets[d]);
  Value row0 = arith::AddIOp::create(
      b, arith::MulIOp::create(b, lead, idx(b, grid[rank - 2])),
      arith::DivSIOp::create(b, offsets[rank - 2], tile));
  Value col0 = arith::DivSIOp::create(b, offsets[rank - 1], tile);
  Value cols = idx(b, grid[rank - 1]), localCols = idx(b, colTiles),
        cbPage = idx(b, cbPageSize);
  // Local tile i of the buffer is tile (i / colTiles, i % colTiles) of the
  // window, at page i % chunk of its chunk.
  auto issueTiles = [&](ImplicitLocOpBuilder &b, Value base, Value first) {
    forLoop(b, chunk, [&](ImplicitLocOpBuilder &b, Value j) {
      Value local = arith::AddIOp::create(b, first, j);
      Value m = arith::DivSIOp::create(b, local, localCols);
      Value n = arith::RemSIOp::create(b, local, localCols);
      Value row = arith::AddIOp::create(b, row0, m);
      Value id = arith::AddIOp::create(b, arith::MulIOp::create(b, row, cols),
                                       arith::AddIOp::create(b, col0, n));
      Value l1 = arith::AddIOp::create(
          b, base, toI32(b, arith::MulIOp::create(b, j, cbPage)));
      if (reading)
        tt::NocAsyncReadTileOp::create(b, toI32(b, id), accessor, l1);
      else
        tt::NocAsyncWriteTileOp::create(b, toI32(b, id), accessor, l1);
    });
  };
  if (copy.isElementLoad())
    return emitElementRead(b, cb, layout, accessor, row0, col0, cols, offsets);
  // A whole-buffer load followed by another (a GEMM's A and B) issues its
  // reads and leaves the rest to the last load of the run: one barrier for
  // all their reads, so their DRAM latencies overlap, and every receiver
  // says it has room before any core waits, so a core that sends one
  // operand and receives the other does not hold its sending back until
  // the other has arrived.
  bool held = reading && chunk == numTiles && holdsForNextLoad(copy);
  if (held || (reading && chunk == numTiles && !heldLoads.empty())) {
    int64_t groupId = shared ? group->second : -1;
    emitHeldLoadStart(b, cb, numTiles, groupId, [&](ImplicitLocOpBuilder &b) {
      issueTiles(b, tt::GetWritePtrOp::create(b, b.getI32Type(), cbId),
                 idx(b, 0));
    });
    heldLoads.push_back({cb, numTiles, numTiles * cbPageSize, groupId});
    if (!held)
      emitHeldLoadsEnd(b);
    return success();
  }
  forLoop(b, numTiles / chunk, [&](ImplicitLocOpBuilder &b, Value c) {
    Value base;
    if (reading) {
      tt::CBReserveBackOp::create(b, cbId, count);
      base = tt::GetWritePtrOp::create(b, b.getI32Type(), cbId);
    } else {
      tt::CBWaitFrontOp::create(b, cbId, count);
      base = tt::GetReadPtrOp::create(b, b.getI32Type(), cbId);
    }
    Value first = arith::MulIOp::create(b, c, idx(b, chunk));
    auto transferTiles = [&](ImplicitLocOpBuilder &b) {
      issueTiles(b, base, first);
      if (reading)
        tt::NocAsyncReadBarrierOp::create(b);
    };
    if (shared)
      emitSharedRead(b, group->second, base, numTiles * cbPageSize,
                     transferTiles);
    else
      transferTiles(b);
    if (reading) {
      tt::CBPushBackOp::create(b, cbId, count);
    } else {
      tt::NocAsyncWriteBarrierOp::create(b);
      tt::CBPopFrontOp::create(b, cbId, count);
    }
  });
  return success();
}

/// One element of a global (`Sinks[by]`): the reader reads the tile that
/// holds it and moves the element to the tile's first position, where
/// compute's unary_bcast<SCALAR> takes it from. DRAM is read by whole
/// pages as for any other load, so no read is unaligned.
LogicalResult KernelLowering::emitElementRead(ImplicitLocOpBuilder &b,
                                              int64_t cb,
                                              tt::LayoutDescAttr layout,
                                              Value accessor, Value row0,
                                              Value col0, Value cols,
                                              ArrayRef<Value> offsets) {
  // Loads held for a joint barrier end here: this read needs its own.
  if (!heldLoads.empty())
    emitHeldLoadsEnd(b);
  int64_t elemBytes = layout.getPageSize() / (kTileDim * kTileDim);
  Value cbId = i32(b, cb), one = i32(b, 1);
  tt::CBReserveBackOp::create(b, cbId, one);
  Value base = tt::GetWritePtrOp::create(b, b.getI32Type(), cbId);
  Value id =
      arith::AddIOp::create(b, arith::MulIOp::create(b, row0, cols), col0);
  tt::NocAsyncReadTileOp::create(b, toI32(b, id), accessor, base);
  tt::NocAsyncReadBarrierOp::create(b);
  // Tile element (r, c) lies in face (r / 16, c / 16), each face 16x16 row
  // major, the faces in row-major order.
  Value tile = idx(b, kTileDim), face = idx(b, kTileDim / 2);
  Value r = arith::RemSIOp::create(b, offsets[offsets.size() - 2], tile);
  Value c = arith::RemSIOp::create(b, offsets.back(), tile);
  Value faceId = arith::AddIOp::create(
      b,
      arith::MulIOp::create(b, arith::DivSIOp::create(b, r, face), idx(b, 2)),
      arith::DivSIOp::create(b, c, face));
  Value within = arith::AddIOp::create(
      b, arith::MulIOp::create(b, arith::RemSIOp::create(b, r, face), face),
      arith::RemSIOp::create(b, c, face));
  Value element = arith::AddIOp::create(
      b, arith::MulIOp::create(b, faceId, idx(b, kTileDim * kTileDim / 4)),
      within);
  Value src = arith::AddIOp::create(
      b, base, toI32(b, arith::MulIOp::create(b, element, idx(b, elemBytes))));
  tt::L1MoveBytesOp::create(b, base, src, i32(b, elemBytes));
  tt::CBPushBackOp::create(b, cbId, one);
  return success();
}

bool KernelLowering::holdsForNextLoad(tl::CopyOp copy) {
  for (Operation *op = copy->getNextNode(); op; op = op->getNextNode()) {
    if (isa<arith::ArithDialect>(op->getDialect()) &&
        op->getNumRegions() == 0 && isPure(op))
      continue;
    auto next = dyn_cast<tl::CopyOp>(op);
    return next && next.isLoad() && !streams(next) &&
           !stagedLoads.contains(next.getLocal()) && !fusedAway.contains(next);
  }
  return false;
}

void KernelLowering::emitHeldLoadStart(
    ImplicitLocOpBuilder &b, int64_t cb, int64_t tiles, int64_t group,
    function_ref<void(ImplicitLocOpBuilder &)> readTiles) {
  tt::CBReserveBackOp::create(b, i32(b, cb), i32(b, tiles));
  if (group < 0) {
    readTiles(b);
    return;
  }
  auto branch =
      scf::IfOp::create(b, isMcastSender(b, group), /*withElseRegion=*/true);
  ImplicitLocOpBuilder send =
      ImplicitLocOpBuilder::atBlockTerminator(b.getLoc(), branch.thenBlock());
  readTiles(send);
  ImplicitLocOpBuilder receive =
      ImplicitLocOpBuilder::atBlockTerminator(b.getLoc(), branch.elseBlock());
  announceMcastRoom(receive, group);
}

void KernelLowering::emitHeldLoadsEnd(ImplicitLocOpBuilder &b) {
  tt::NocAsyncReadBarrierOp::create(b);
  for (const HeldLoad &load : heldLoads) {
    if (load.group < 0)
      continue;
    auto branch = scf::IfOp::create(b, isMcastSender(b, load.group),
                                    /*withElseRegion=*/false);
    ImplicitLocOpBuilder send =
        ImplicitLocOpBuilder::atBlockTerminator(b.getLoc(), branch.thenBlock());
    sendMcast(
        send, load.group,
        tt::GetWritePtrOp::create(send, send.getI32Type(), i32(send, load.cb)),
        load.bytes);
  }
  for (const HeldLoad &load : heldLoads) {
    if (load.group < 0)
      continue;
    Value receiver = arith::XOrIOp::create(
        b, isMcastSender(b, load.group), arith::ConstantIntOp::create(b, 1, 1));
    auto branch = scf::IfOp::create(b, receiver, /*withElseRegion=*/false);
    ImplicitLocOpBuilder receive =
        ImplicitLocOpBuilder::atBlockTerminator(b.getLoc(), branch.thenBlock());
    awaitMcast(receive, load.group);
  }
  for (const HeldLoad &load : heldLoads)
    tt::CBPushBackOp::create(b, i32(b, load.cb), i32(b, load.tiles));
  heldLoads.clear();
}

bool KernelLowering::streams(tl::CopyOp copy) const {
  // A store drains whatever compute packs, in order. A load streams when no
  // gemm or reduce reads its buffer: those read tiles in any order, so they
  // wait for the whole buffer and per-chunk barriers would only add round
  // trips.
  if (!copy.isLoad())
    return true;
  for (Operation *user : copy.getLocal().getUsers())
    if (isa<tl::GemmOp, tl::ReduceOp>(user))
      return false;
  return true;
}

LogicalResult KernelLowering::lowerLoad(tl::CopyOp copy) {
  auto local = getLocal(copy, copy.getLocal());
  if (failed(local))
    return failure();
  Type globalType = cast<MemRefType>(copy.getGlobal().getType()).getElementType();
  if (globalType != (*local)->dtype)
    return copy.emitOpError()
           << "expected the same element type on both sides of a load but got "
           << globalType << " and " << (*local)->dtype
           << "; convert after loading";
  Value localValue = copy.getLocal();
  if (auto it = stagedLoads.find(localValue); it != stagedLoads.end()) {
    // The reader fills a staging CB; compute copies it (a column vector
    // into a row vector: transposes it) into the local's own CB.
    if (it->second < 0)
      it->second = appendCB(llvm::to_vector(llvm::seq<int64_t>(0, 32)),
                            (*local)->dtype, (*local)->pageSize,
                            (*local)->numTiles(),
                            (tl::getBufferName(copy.getGlobal()) + "_to_" +
                             (*local)->name));
    if (it->second < 0)
      return copy.emitOpError()
             << "needs a staging circular buffer for '" << (*local)->name
             << "' but all 32 CB ids are in use";
    if (failed(emitTransfer(copy, KernelKind::Reader, it->second,
                            (*local)->pageSize)))
      return failure();
    emitCBCopy(copy, it->second, (*local)->cb, (*local)->numTiles(),
               /*popSrc=*/true,
               residency.lookup(localValue) == Residency::Full,
               /*transpose=*/(*local)->form == VectorForm::Row);
    noteWrite(copy, localValue);
    copy.erase();
    return success();
  }
  if (failed(emitTransfer(copy, KernelKind::Reader, (*local)->cb,
                          (*local)->pageSize)))
    return failure();
  copy.erase();
  return success();
}

LogicalResult KernelLowering::lowerStore(tl::CopyOp copy) {
  Value localValue = copy.getLocal();
  auto local = getLocal(copy, localValue);
  if (failed(local))
    return failure();
  // The op before packed the value into the staging CB (Fusion.cpp).
  if (auto fused = fusedStores.find(copy); fused != fusedStores.end()) {
    auto layout = layouts.getAs<tt::LayoutDescAttr>(
        tl::getBufferName(copy.getGlobal()));
    if (failed(emitTransfer(copy, KernelKind::Writer, fused->second,
                            layout.getPageSize())))
      return failure();
    fusedStores.erase(fused);
    copy.erase();
    return success();
  }
  if (failed(checkReadable(copy, localValue)))
    return failure();
  Value global = copy.getGlobal();
  std::string name = tl::getBufferName(global);
  auto layout = layouts.getAs<tt::LayoutDescAttr>(name);
  if (!layout)
    return copy.emitOpError() << "expected a tt.layout_desc entry for '" << name
                              << "'";
  Type dtype = cast<MemRefType>(global.getType()).getElementType();
  // A row vector goes out as the 1-D global's column vector: transposed
  // into a staging CB.
  bool transpose = (*local)->form == VectorForm::Row;
  bool direct = (*local)->loaded ? directStores.contains(copy)
                                 : !transpose && (*local)->dtype == dtype &&
                                       canHandOff(copy, localValue);
  int64_t cb = (*local)->cb, pageSize = (*local)->pageSize;
  if (direct) {
    if (!(*local)->loaded) {
      residency[localValue] = Residency::Empty;
      freshIn.erase(localValue);
    }
  } else {
    pageSize = layout.getPageSize();
    cb = stagingCB(localValue, **local, dtype, pageSize, name);
    if (cb < 0)
      return copy.emitOpError()
             << "needs a staging circular buffer for '" << (*local)->name
             << "' but all 32 CB ids are in use";
    if (transpose) {
      emitCBCopy(copy, (*local)->cb, cb, (*local)->numTiles(),
                 /*popSrc=*/false, /*dropOld=*/false, /*transpose=*/true);
    } else {
      if (failed(emitElementwise(copy, cb, **local, Value(),
                                 /*dropOld=*/false, *Expr::leafOf(localValue))))
        return failure();
    }
  }
  if (failed(emitTransfer(copy, KernelKind::Writer, cb, pageSize)))
    return failure();
  copy.erase();
  return success();
}
