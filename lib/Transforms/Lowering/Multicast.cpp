//===- Multicast.cpp - Loads shared by a row or column of cores -----------===//
//
// A load that the cores of a row (column) make with the same tiles at the
// same step is read from DRAM once, by the row's sender, and multicast to
// the receivers, as tt-metal's hand-written matmul_multicore_reuse_mcast
// does for A along rows and B along columns. The handoff per step:
//
//   every core:  cb_reserve_back(cb, T); base = get_write_ptr(cb)
//   sender:      read the T tiles into base; noc_async_read_barrier
//                wait until its ready-semaphore counts num_dests, reset it
//                multicast the T pages to base on the receivers
//                set its valid-semaphore to 1, multicast it to the receivers
//   receiver:    reset its valid-semaphore; increment the sender's ready-
//                semaphore (it has reserved the pages); wait for valid
//   every core:  cb_push_back(cb, T)
//
// A receiver announces itself only once it has reserved the CB pages, so
// the sender never writes pages a receiver's compute still reads. The
// sender does not wait for its multicasts to complete (no write barrier per
// step, as tt-metal's senders): the semaphore multicast follows the data on
// the same NOC and virtual channel, so it lands after it, and the sender's
// own pages are rewritten only after its compute has popped them and the
// reader has reserved them again, a whole step later. Waiting would
// serialise the next DRAM read behind the multicast.
//
//===----------------------------------------------------------------------===//

#include "KernelLowering.h"

#include "tilett/Transforms/Multicast.h"

using namespace mlir;
using namespace mlir::tilett;
using namespace mlir::tilett::lowering;

void KernelLowering::collectMulticast() {
  auto partition =
      func->getAttrOfType<DictionaryAttr>(tt::TTDialect::kWorkPartitionAttrName);
  if (!partition)
    return;
  bool lockStep[2] = {isMulticastPartition(partition, 0),
                      isMulticastPartition(partition, 1)};
  if (!lockStep[0] && !lockStep[1])
    return;
  // The receivers' write pointers equal the sender's only if every core
  // makes the same CB calls: a buffer filled by one load, nothing else.
  DenseMap<Value, int64_t> loadsInto;
  kernel.walk([&](tl::CopyOp copy) {
    if (copy.isLoad())
      ++loadsInto[copy.getLocal()];
  });
  MLIRContext *ctx = func.getContext();
  kernel.walk([&](tl::CopyOp copy) {
    // An element load rewrites its tile after it lands (DataMovement.cpp),
    // which a receiver's copy would not see; each core reads its own.
    if (!copy.isLoad() || copy.isElementLoad())
      return;
    auto it = locals.find(copy.getLocal());
    if (it == locals.end() || !it->second.loaded ||
        stagedLoads.contains(it->first) || loadsInto[it->first] != 1)
      return;
    std::optional<int64_t> axis = getSharedLoadAxis(kernel, copy);
    if (!axis || !lockStep[*axis])
      return;
    int64_t group = mcastGroups.size();
    mcastGroups.push_back(tt::McastGroupAttr::get(
        ctx, it->second.name, *axis, 2 * group, 2 * group + 1));
    mcastLoads[copy] = group;
  });
}

void KernelLowering::emitSharedRead(
    ImplicitLocOpBuilder &b, int64_t group, Value base, int64_t bytes,
    function_ref<void(ImplicitLocOpBuilder &)> readTiles) {
  auto attr = cast<tt::McastGroupAttr>(mcastGroups[group]);
  auto arg = [&](ImplicitLocOpBuilder &b, tt::McastField field) -> Value {
    return tt::McastArgOp::create(b, b.getI32Type(), group, field);
  };
  auto semaphore = [&](ImplicitLocOpBuilder &b, int64_t id) -> Value {
    return tt::GetSemaphoreOp::create(b, b.getI32Type(), i32(b, id));
  };
  Value numDests = arg(b, tt::McastField::NumDests);
  Value isSender = arith::CmpIOp::create(
      b, arith::CmpIPredicate::ne, arg(b, tt::McastField::IsSender), i32(b, 0));
  auto branch = scf::IfOp::create(b, isSender, /*withElseRegion=*/true);

  ImplicitLocOpBuilder send = ImplicitLocOpBuilder::atBlockTerminator(
      b.getLoc(), branch.thenBlock());
  readTiles(send);
  Value ready = semaphore(send, attr.getSenderSemaphore());
  tt::NocSemaphoreWaitOp::create(send, ready, numDests);
  tt::NocSemaphoreSetOp::create(send, ready, i32(send, 0));
  auto rectangle = [&](Value addr) -> Value {
    return tt::GetNocMulticastAddrOp::create(
        send, send.getI64Type(), arg(send, tt::McastField::StartX),
        arg(send, tt::McastField::StartY), arg(send, tt::McastField::EndX),
        arg(send, tt::McastField::EndY), addr);
  };
  tt::NocAsyncWriteMulticastOp::create(send, base, rectangle(base),
                                       i32(send, bytes), numDests);
  Value valid = semaphore(send, attr.getReceiverSemaphore());
  tt::NocSemaphoreSetOp::create(send, valid, i32(send, 1));
  tt::NocSemaphoreSetMulticastOp::create(send, valid, rectangle(valid),
                                         numDests);

  ImplicitLocOpBuilder receive = ImplicitLocOpBuilder::atBlockTerminator(
      b.getLoc(), branch.elseBlock());
  Value landed = semaphore(receive, attr.getReceiverSemaphore());
  tt::NocSemaphoreSetOp::create(receive, landed, i32(receive, 0));
  Value senderReady = tt::GetNocAddrOp::create(
      receive, receive.getI64Type(), arg(receive, tt::McastField::SenderX),
      arg(receive, tt::McastField::SenderY),
      semaphore(receive, attr.getSenderSemaphore()));
  tt::NocSemaphoreIncOp::create(receive, senderReady, i32(receive, 1));
  tt::NocSemaphoreWaitOp::create(receive, landed, i32(receive, 1));
}

Value KernelLowering::isMcastSender(ImplicitLocOpBuilder &b, int64_t group) {
  return arith::CmpIOp::create(b, arith::CmpIPredicate::ne,
                               tt::McastArgOp::create(b, b.getI32Type(), group,
                                                      tt::McastField::IsSender),
                               i32(b, 0));
}

void KernelLowering::announceMcastRoom(ImplicitLocOpBuilder &b, int64_t group) {
  auto attr = cast<tt::McastGroupAttr>(mcastGroups[group]);
  Value landed = tt::GetSemaphoreOp::create(
      b, b.getI32Type(), i32(b, attr.getReceiverSemaphore()));
  tt::NocSemaphoreSetOp::create(b, landed, i32(b, 0));
  Value senderReady = tt::GetNocAddrOp::create(
      b, b.getI64Type(),
      tt::McastArgOp::create(b, b.getI32Type(), group, tt::McastField::SenderX),
      tt::McastArgOp::create(b, b.getI32Type(), group, tt::McastField::SenderY),
      tt::GetSemaphoreOp::create(b, b.getI32Type(),
                                 i32(b, attr.getSenderSemaphore())));
  tt::NocSemaphoreIncOp::create(b, senderReady, i32(b, 1));
}

void KernelLowering::sendMcast(ImplicitLocOpBuilder &b, int64_t group,
                               Value base, int64_t bytes) {
  auto attr = cast<tt::McastGroupAttr>(mcastGroups[group]);
  auto arg = [&](tt::McastField field) -> Value {
    return tt::McastArgOp::create(b, b.getI32Type(), group, field);
  };
  Value numDests = arg(tt::McastField::NumDests);
  Value ready = tt::GetSemaphoreOp::create(b, b.getI32Type(),
                                           i32(b, attr.getSenderSemaphore()));
  tt::NocSemaphoreWaitOp::create(b, ready, numDests);
  tt::NocSemaphoreSetOp::create(b, ready, i32(b, 0));
  auto rectangle = [&](Value addr) -> Value {
    return tt::GetNocMulticastAddrOp::create(
        b, b.getI64Type(), arg(tt::McastField::StartX),
        arg(tt::McastField::StartY), arg(tt::McastField::EndX),
        arg(tt::McastField::EndY), addr);
  };
  tt::NocAsyncWriteMulticastOp::create(b, base, rectangle(base), i32(b, bytes),
                                       numDests);
  Value valid = tt::GetSemaphoreOp::create(b, b.getI32Type(),
                                           i32(b, attr.getReceiverSemaphore()));
  tt::NocSemaphoreSetOp::create(b, valid, i32(b, 1));
  tt::NocSemaphoreSetMulticastOp::create(b, valid, rectangle(valid), numDests);
}

void KernelLowering::awaitMcast(ImplicitLocOpBuilder &b, int64_t group) {
  auto attr = cast<tt::McastGroupAttr>(mcastGroups[group]);
  Value landed = tt::GetSemaphoreOp::create(
      b, b.getI32Type(), i32(b, attr.getReceiverSemaphore()));
  tt::NocSemaphoreWaitOp::create(b, landed, i32(b, 1));
}
