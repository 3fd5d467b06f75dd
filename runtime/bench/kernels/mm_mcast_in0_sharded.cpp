// in0 of the 2-D multicast matmul when in0 is block-sharded in L1, in the
// style of tt-metal's reader_bmm_tile_layout_in0_sender_receiver_padding_
// block_sharded: core (x, y) holds rows y*Mb.. and K tiles x*Ks.. of A in
// its shard CB, so the sender of K block b is the row's core at column
// b / blocks_per_shard, a different core for each shard. Every core of the
// row takes part in every block: the sender multicasts the block to the
// whole row (itself included) and then the VALID flag (itself included),
// the others increment the sender's "ready" semaphore; then all wait for
// VALID before pushing the block.
//
// Compile-time args: cb (block CB), shard cb, semaphore "ready", semaphore
// "valid", semaphore "valid source" (a word that holds VALID, the flag's
// source).
// Runtime args: num_blocks, Mb, Kb, shard_width (Ks, tiles), my column,
// mcast x0, y0, x1, y1 (NOC, the whole row), num_cores (the row's width),
// then the NOC x, y of every core of the row.
#include <cstdint>

#include "api/dataflow/dataflow_api.h"

void kernel_main() {
  constexpr uint32_t cb = get_compile_time_arg_val(0);
  constexpr uint32_t cb_shard = get_compile_time_arg_val(1);
  uint32_t a = 0;
  uint32_t num_blocks = get_arg_val<uint32_t>(a++);
  uint32_t mb = get_arg_val<uint32_t>(a++), kb = get_arg_val<uint32_t>(a++);
  uint32_t shard_w = get_arg_val<uint32_t>(a++);
  uint32_t my_col = get_arg_val<uint32_t>(a++);
  uint32_t x0 = get_arg_val<uint32_t>(a++), y0 = get_arg_val<uint32_t>(a++);
  uint32_t x1 = get_arg_val<uint32_t>(a++), y1 = get_arg_val<uint32_t>(a++);
  uint32_t num_cores = get_arg_val<uint32_t>(a++);
  uint32_t coords = a;

  uint32_t tile_bytes = get_tile_size(cb);
  uint32_t block_tiles = mb * kb;
  uint32_t block_bytes = block_tiles * tile_bytes;
  uint32_t blocks_per_shard = shard_w / kb;
  // With several blocks per shard and several rows a block is not
  // contiguous in the shard: the sender first gathers its rows into the
  // block CB (and multicasts from there to the others).
  bool extract = mb > 1 && blocks_per_shard > 1;
  uint32_t ready_addr = get_semaphore(get_compile_time_arg_val(2));
  uint32_t valid_addr = get_semaphore(get_compile_time_arg_val(3));
  uint32_t valid_src = get_semaphore(get_compile_time_arg_val(4));
  auto *ready = reinterpret_cast<volatile tt_l1_ptr uint32_t *>(ready_addr);
  auto *valid = reinterpret_cast<volatile tt_l1_ptr uint32_t *>(valid_addr);
  noc_semaphore_set(reinterpret_cast<volatile tt_l1_ptr uint32_t *>(valid_src),
                    1);
  uint64_t row = get_noc_multicast_addr(x0, y0, x1, y1, 0);

  cb_reserve_back(cb_shard, mb * shard_w);
  uint32_t shard = get_read_ptr(cb_shard);

  for (uint32_t b = 0; b < num_blocks; ++b) {
    uint32_t sender = b / blocks_per_shard;
    uint32_t in_shard = b % blocks_per_shard; // block within its shard
    cb_reserve_back(cb, block_tiles);
    uint32_t l1 = get_write_ptr(cb);
    noc_semaphore_set(valid, 0);
    if (sender == my_col) {
      uint32_t src = shard + in_shard * block_bytes;
      if (extract) {
        uint32_t dst = l1;
        for (uint32_t r = 0; r < mb; ++r) {
          noc_async_read(
              get_noc_addr(shard + (r * shard_w + in_shard * kb) * tile_bytes),
              dst, kb * tile_bytes);
          dst += kb * tile_bytes;
        }
        noc_async_read_barrier();
        src = l1;
      }
      // Every other core of the row has room for the block.
      noc_semaphore_wait(ready, num_cores - 1);
      noc_semaphore_set(ready, 0);
      if (extract) {
        // The block is in place here already: send it to the others.
        if (num_cores > 1)
          noc_async_write_multicast(src, row | l1, block_bytes, num_cores - 1);
      } else {
        noc_async_write_multicast_loopback_src(src, row | l1, block_bytes,
                                               num_cores);
      }
      noc_semaphore_set_multicast_loopback_src(valid_src, row | valid_addr,
                                               num_cores);
#ifdef ARCH_BLACKHOLE
      // As tt-metal's senders on Blackhole: the block and flag must have
      // left before the core moves on.
      noc_async_writes_flushed();
#endif
    } else {
      uint32_t sx = get_arg_val<uint32_t>(coords + 2 * sender);
      uint32_t sy = get_arg_val<uint32_t>(coords + 2 * sender + 1);
      noc_semaphore_inc(get_noc_addr(sx, sy, ready_addr), 1);
    }
    noc_semaphore_wait(valid, 1);
    cb_push_back(cb, block_tiles);
  }
  noc_async_write_barrier();
}
