// The format-string DPRINT: placeholders with and without indices and
// specs, typed wrappers, a TileSlice argument (at the write pointer, as the
// multicast example's receiver prints the tile it was sent), and the
// per-processor wrappers in both forms.
#include <cstdint>

#include "api/dataflow/dataflow_api.h"
#include "api/debug/dprint.h"

void kernel_main() {
  uint32_t src_addr = get_arg_val<uint32_t>(0);
  uint32_t v = get_arg_val<uint32_t>(1);
  DPRINT("plain {} and {}\n", v, -3);
  DPRINT("{1}-{0} {{braces}}\n", 'a', 'b');
  DPRINT("hex {:#x} {:08b} [{:>5}] [{:<4}] [{:^7}]\n", 255u, 5u, 42, "ab", "mid");
  DPRINT("floats {} {:.3f} {:e} {}\n", 0.1f, 3.14159f, 1500.0, BF16(0x3fc0));
  DPRINT("no newline, ");
  DPRINT("continued {}\n", true);
  DPRINT << "stream form " << v << ENDL();
  DPRINT_DATA0("data0 {}\n", v + 1);
  DPRINT_DATA0("literal only\n");
  DPRINT_DATA0(DPRINT << "old data0 " << v + 2 << ENDL());
  DPRINT_DATA1("never on BRISC\n");

  constexpr auto args = TensorAccessorArgs<0>();
  const auto src = TensorAccessor(args, src_addr);
  cb_reserve_back(0, 1);
  noc_async_read_page(0, src, get_write_ptr(0));
  noc_async_read_barrier();
  SliceRange sr = SliceRange{.h0 = 0, .h1 = 32, .hs = 8, .w0 = 0, .w1 = 32, .ws = 8};
  DPRINT("Tile slice:\n{}\n", TileSlice(0, 0, sr, TSLICE_INPUT_CB, TSLICE_WR_PTR, true, false));
  cb_push_back(0, 1);
}
