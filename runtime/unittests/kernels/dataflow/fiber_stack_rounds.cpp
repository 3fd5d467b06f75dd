// Keeps 2 MiB of stack array and a half-printed DPRINT line (with a format
// flag set) live across many yield points, where the other cores' kernels
// run on the same host thread under fibers; then prints the line's end and
// writes the array's sum to page `id` of an interleaved buffer (args:
// dst_addr, id, rounds). Each core's array starts from its id, so a stack
// or stream shared between processors shows in the sums and the lines.
#include <cstdint>

#include "api/dataflow/dataflow_api.h"
#include "api/debug/dprint.h"

void kernel_main() {
  uint32_t dst_addr = get_arg_val<uint32_t>(0);
  uint32_t id = get_arg_val<uint32_t>(1);
  uint32_t rounds = get_arg_val<uint32_t>(2);
  constexpr uint32_t cb = tt::CBIndex::c_0;
  constexpr auto dst_args = TensorAccessorArgs<0>();
  const auto dst = TensorAccessor(dst_args, dst_addr, get_tile_size(cb));

  constexpr uint32_t kWords = 1u << 19;
  volatile uint32_t big[kWords]; // volatile: stays a real stack array
  for (uint32_t i = 0; i < kWords; ++i)
    big[i] = id * 2654435761u + i;
  DPRINT << "core " << id << HEX();
  for (uint32_t r = 0; r < rounds; ++r) {
    // Yield points: the CB calls hand the baton to the other processors.
    cb_reserve_back(cb, 1);
    cb_push_back(cb, 1);
    cb_wait_front(cb, 1);
    cb_pop_front(cb, 1);
    big[(r * 40503u) % kWords] += r + id;
  }
  uint64_t sum = 0;
  for (uint32_t i = 0; i < kWords; ++i)
    sum += big[i];
  DPRINT << " sum " << static_cast<uint32_t>(sum) << ENDL();

  cb_reserve_back(cb, 1);
  auto *out = reinterpret_cast<volatile uint32_t *>(get_write_ptr(cb));
  out[0] = static_cast<uint32_t>(sum);
  out[1] = static_cast<uint32_t>(sum >> 32);
  cb_push_back(cb, 1);
  cb_wait_front(cb, 1);
  noc_async_write_page(id, dst, get_read_ptr(cb));
  noc_async_write_barrier();
  cb_pop_front(cb, 1);
}
