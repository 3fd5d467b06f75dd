// Reads one tile into CB 0 and prints its top-left 4x4 with TSLICE at the
// read pointer, and row 2 / column 1 samples with strides.
#include <cstdint>

#include "api/dataflow/dataflow_api.h"
#include "api/debug/dprint.h"
#include "api/debug/dprint_tile.h"

void kernel_main() {
  uint32_t src_addr = get_arg_val<uint32_t>(0);
  constexpr auto args = TensorAccessorArgs<0>();
  const auto src = TensorAccessor(args, src_addr);
  cb_reserve_back(0, 1);
  noc_async_read_page(0, src, get_write_ptr(0));
  noc_async_read_barrier();
  cb_push_back(0, 1);
  cb_wait_front(0, 1);
  DPRINT << TSLICE(0, 0, SliceRange::hw041(), TSLICE_INPUT_CB, TSLICE_RD_PTR);
  DPRINT << TSLICE(0, 0, SliceRange{.h0 = 2, .h1 = 3, .hs = 1, .w0 = 0, .w1 = 32, .ws = 16},
                   TSLICE_INPUT_CB, TSLICE_RD_PTR);
  cb_pop_front(0, 1);
}
