// Misuse: get_tile_size in a constant expression of a CB that is not
// configured on the kernel's core does not compile.
void kernel_main() {
  constexpr uint32_t size = get_tile_size(5);
  (void)size;
}
