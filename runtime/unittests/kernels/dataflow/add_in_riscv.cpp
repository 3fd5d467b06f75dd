// Adds the first words of two one-page DRAM buffers on the RISC-V itself:
// NOC coordinates from the host, plain pointer access to CB memory.
void kernel_main() {
  uint32_t a = get_arg_val<uint32_t>(0), b = get_arg_val<uint32_t>(1);
  uint32_t c = get_arg_val<uint32_t>(2);
  uint32_t x = get_arg_val<uint32_t>(3), y = get_arg_val<uint32_t>(4);
  constexpr uint32_t cb0 = tt::CB::c_in0, cb1 = tt::CB::c_in1;
  uint32_t l1a = get_write_ptr(cb0), l1b = get_write_ptr(cb1);
  noc_async_read(get_noc_addr(x, y, a), l1a, get_tile_size(cb0));
  noc_async_read(get_noc_addr(x, y, b), l1b, get_tile_size(cb1));
  noc_async_read_barrier();
  uint32_t *pa = (uint32_t *)l1a;
  uint32_t *pb = (uint32_t *)l1b;
  pa[0] = pa[0] + pb[0];
  // The newer spelling of the same address: bank 0 of DRAM.
  noc_async_write(l1a, get_noc_addr_from_bank_id<true>(0, c), get_tile_size(cb0));
  noc_async_write_barrier();
}
