// The classic loopback: DRAM -> an L1 buffer -> DRAM, page by page, with the
// older InterleavedAddrGen and a host-provided L1 address.
#include <cstdint>

void kernel_main() {
  uint32_t l1_addr = get_arg_val<uint32_t>(0);
  uint32_t src_addr = get_arg_val<uint32_t>(1);
  uint32_t dst_addr = get_arg_val<uint32_t>(2);
  uint32_t num_pages = get_arg_val<uint32_t>(3);
  uint32_t page_size = get_arg_val<uint32_t>(4);
  const InterleavedAddrGen<true> src = {.bank_base_address = src_addr,
                                        .page_size = page_size};
  const InterleavedAddrGen<true> dst = {.bank_base_address = dst_addr,
                                        .page_size = page_size};
  for (uint32_t p = 0; p < num_pages; ++p) {
    noc_async_read(get_noc_addr(p, src), l1_addr, page_size);
    noc_async_read_barrier();
    noc_async_write(l1_addr, get_noc_addr(p, dst), page_size);
    noc_async_write_barrier();
  }
}
