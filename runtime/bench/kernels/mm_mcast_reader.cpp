// One operand of a 2-D multicast matmul, in the style of tt-metal's
// matmul_multicore_reuse_mcast: the sender core of a row (in0) or column
// (in1) reads each K-block of its operand from DRAM and multicasts it into
// the same CB of the other cores of that row/column; receivers only signal
// that their CB has room and wait for the block. A sender whose operand is
// sharded in L1 (`from_dram` 0) multicasts it from there without reading
// DRAM. With out_rows > 0 the core then writes its output tiles (CB 16) to
// DRAM; an L1-sharded output stays in CB 16.
//
// Compile-time args: cb, semaphore "ready", semaphore "valid".
// Runtime args: src, is_sender, from_dram, num_blocks, rows, cols, row_stride,
// start, block_step, then for a sender: mcast x0, y0, x1, y1 (NOC), num_dests;
// for a receiver: sender x, y (NOC); then dst, out_rows, out_cols,
// out_stride, out_start (used when out_rows > 0).
#include <cstdint>

#include "api/dataflow/dataflow_api.h"

void kernel_main() {
  constexpr uint32_t cb = get_compile_time_arg_val(0);
  uint32_t a = 0;
  uint32_t src_addr = get_arg_val<uint32_t>(a++);
  uint32_t is_sender = get_arg_val<uint32_t>(a++);
  uint32_t from_dram = get_arg_val<uint32_t>(a++);
  uint32_t num_blocks = get_arg_val<uint32_t>(a++);
  uint32_t rows = get_arg_val<uint32_t>(a++), cols = get_arg_val<uint32_t>(a++);
  uint32_t row_stride = get_arg_val<uint32_t>(a++);
  uint32_t start = get_arg_val<uint32_t>(a++);
  uint32_t block_step = get_arg_val<uint32_t>(a++);
  uint32_t x0 = 0, y0 = 0, x1 = 0, y1 = 0, num_dests = 0, sx = 0, sy = 0;
  if (is_sender) {
    x0 = get_arg_val<uint32_t>(a++), y0 = get_arg_val<uint32_t>(a++);
    x1 = get_arg_val<uint32_t>(a++), y1 = get_arg_val<uint32_t>(a++);
    num_dests = get_arg_val<uint32_t>(a++);
  } else {
    sx = get_arg_val<uint32_t>(a++), sy = get_arg_val<uint32_t>(a++);
  }
  uint32_t dst_addr = get_arg_val<uint32_t>(a++);
  uint32_t out_rows = get_arg_val<uint32_t>(a++);
  uint32_t out_cols = get_arg_val<uint32_t>(a++);
  uint32_t out_stride = get_arg_val<uint32_t>(a++);
  uint32_t out_start = get_arg_val<uint32_t>(a++);

  uint32_t tile_bytes = get_tile_size(cb);
  uint32_t block_tiles = rows * cols;
  uint32_t ready_addr = get_semaphore(get_compile_time_arg_val(1));
  uint32_t valid_addr = get_semaphore(get_compile_time_arg_val(2));
  auto *ready = reinterpret_cast<volatile tt_l1_ptr uint32_t *>(ready_addr);
  auto *valid = reinterpret_cast<volatile tt_l1_ptr uint32_t *>(valid_addr);
  const InterleavedAddrGen<true> src = {.bank_base_address = src_addr,
                                        .page_size = tile_bytes};

  for (uint32_t b = 0; b < num_blocks; ++b) {
    cb_reserve_back(cb, block_tiles);
    uint32_t l1 = get_write_ptr(cb);
    if (is_sender && from_dram) {
      uint32_t dst = l1;
      for (uint32_t r = 0; r < rows; ++r)
        for (uint32_t c = 0; c < cols; ++c) {
          uint32_t id = start + b * block_step + r * row_stride + c;
          noc_async_read(get_noc_addr(id, src), dst, tile_bytes);
          dst += tile_bytes;
        }
      noc_async_read_barrier();
    }
    if (is_sender) {
      if (num_dests) {
        // Every receiver has room for the block: multicast it, then the
        // flag that says it has arrived.
        noc_semaphore_wait(ready, num_dests);
        noc_semaphore_set(ready, 0);
        noc_async_write_multicast(l1,
                                  get_noc_multicast_addr(x0, y0, x1, y1, l1),
                                  block_tiles * tile_bytes, num_dests);
#ifdef ARCH_BLACKHOLE
        // tt-metal's Blackhole senders wait here until the block has left
        // the core (not for its acknowledgements) before sending the flag.
        noc_async_writes_flushed();
#endif
        noc_semaphore_set(valid, 1);
        noc_semaphore_set_multicast(
            valid_addr, get_noc_multicast_addr(x0, y0, x1, y1, valid_addr),
            num_dests);
        // No write barrier per block, as in tt-metal's senders: the flag
        // follows the data on the same NOC, and the slot is not rewritten
        // before every receiver has signalled room again.
      }
    } else {
      noc_semaphore_set(valid, 0);
      noc_semaphore_inc(get_noc_addr(sx, sy, ready_addr), 1);
      noc_semaphore_wait(valid, 1);
    }
    cb_push_back(cb, block_tiles);
  }

  noc_async_write_barrier();

  if (out_rows) {
    constexpr uint32_t cb_out = 16;
    uint32_t out_bytes = get_tile_size(cb_out);
    const InterleavedAddrGen<true> dst = {.bank_base_address = dst_addr,
                                          .page_size = out_bytes};
    cb_wait_front(cb_out, out_rows * out_cols);
    uint32_t l1 = get_read_ptr(cb_out);
    for (uint32_t r = 0; r < out_rows; ++r)
      for (uint32_t c = 0; c < out_cols; ++c) {
        noc_async_write(l1, get_noc_addr(out_start + r * out_stride + c, dst),
                        out_bytes);
        l1 += out_bytes;
      }
    noc_async_write_barrier();
    cb_pop_front(cb_out, out_rows * out_cols);
  }
}
