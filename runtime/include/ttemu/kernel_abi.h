// The functions kernel code calls into the emulator library. Kernel API
// headers (dataflow, debug print, compute) are thin inline wrappers over
// these; every function acts for the calling kernel thread.
#pragma once

#include <cstdint>
#include <string>

namespace ttemu::abi {

// Runtime arguments (bounds-checked; misuse names core/processor/kernel).
uint32_t *argPtr(uint32_t index);
uint32_t *commonArgPtr(uint32_t index);

// Circular buffers.
void cbReserveBack(uint32_t cb, uint32_t pages);
void cbPushBack(uint32_t cb, uint32_t pages);
void cbWaitFront(uint32_t cb, uint32_t pages);
void cbPopFront(uint32_t cb, uint32_t pages);
bool cbPagesReservableAtBack(uint32_t cb, uint32_t pages);
bool cbPagesAvailableAtFront(uint32_t cb, uint32_t pages);
uint32_t cbWritePtr(uint32_t cb);
uint32_t cbReadPtr(uint32_t cb);
uint32_t cbPageSizeBytes(uint32_t cb);
uint8_t cbFormat(uint32_t cb); // a tt::DataFormat value

// NOC addressing. A NOC address packs the node (x, y) and a 36-bit local
// address; multicast addresses pack a rectangle.
uint64_t nocUnicastAddr(uint32_t x, uint32_t y, uint32_t addr);
uint64_t nocLocalAddr(uint32_t addr);
uint64_t nocMulticastAddr(uint32_t xStart, uint32_t yStart, uint32_t xEnd,
                          uint32_t yEnd, uint32_t addr);
/// Page `page` (+offset) of an interleaved buffer at `bankBase`.
uint64_t nocInterleavedAddr(bool dram, uint32_t page, uint32_t bankBase,
                            uint32_t pageSize, uint32_t offset);
/// Address `addr` in DRAM bank (or L1 bank) `bank`.
uint64_t nocBankAddr(bool dram, uint32_t bank, uint32_t addr);
/// Host pointer for a local L1 address (an L1 offset or a pointer value).
uint8_t *l1Ptr(uint32_t addr);

// NOC transfers.
void nocRead(uint64_t src, uint32_t dstL1, uint32_t bytes);
void nocWrite(uint32_t srcL1, uint64_t dst, uint32_t bytes);
void nocWriteMulticast(uint32_t srcL1, uint64_t dst, uint32_t bytes,
                       uint32_t numDests, bool includeSelf);
void nocReadBarrier();
void nocWriteBarrier();
void nocWritesFlushed();
void nocAtomicBarrier();
void nocReadSetState(uint64_t src, uint32_t bytes);
/// Reads from the node of the last set-state address; `bytes` 0 means the
/// size given to the set-state call.
void nocReadWithState(uint32_t srcAddr, uint32_t dstL1, uint32_t bytes);
/// Tags the calling processor's next reads with transaction id `trid`.
void nocReadSetTrid(uint32_t trid);
/// Waits for the reads tagged `trid` only.
void nocReadBarrierTrid(uint32_t trid);

// Semaphores.
uint32_t semaphoreAddr(uint32_t id);
void semaphoreWait(volatile uint32_t *sem, uint32_t value, bool atLeast);
void semaphoreSet(volatile uint32_t *sem, uint32_t value);
void semaphoreInc(uint64_t dst, uint32_t incr);
void semaphoreSetMulticast(uint32_t srcL1, uint64_t dst, uint32_t numDests,
                           bool includeSelf);

// Identity of the calling thread.
uint8_t *myX();
uint8_t *myY();
uint32_t logicalX();
uint32_t logicalY();

// Debug print: text is buffered per thread, printed per line with a prefix
// naming the core and processor.
void dprint(const std::string &text);
void dprintEndLine();

/// Adds `cycles` of work to the calling thread's clock (for kernels that
/// model their own compute, and for the cost of generic API calls).
void chargeCycles(uint64_t cycles);

} // namespace ttemu::abi
