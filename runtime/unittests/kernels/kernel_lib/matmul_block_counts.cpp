// The same blocked matmul through the helper's earlier 7-argument spelling
// (block width, subblock counts, K blocks, subblock shape, batch), after
// compute_kernel_hw_startup as those kernels call it.
#include <cstdint>

#include "ttnn/cpp/ttnn/kernel_lib/matmul_block_helpers.hpp"

void kernel_main() {
  constexpr uint32_t block_w = get_compile_time_arg_val(0);
  constexpr uint32_t in0_subblocks = get_compile_time_arg_val(1);
  constexpr uint32_t in1_subblocks = get_compile_time_arg_val(2);
  constexpr uint32_t num_blocks = get_compile_time_arg_val(3);
  constexpr uint32_t out_h = get_compile_time_arg_val(4);
  constexpr uint32_t out_w = get_compile_time_arg_val(5);
  constexpr uint32_t batch = get_compile_time_arg_val(6);
  compute_kernel_hw_startup(tt::CBIndex::c_0, tt::CBIndex::c_1, tt::CBIndex::c_16);
  compute_kernel_lib::matmul_block<tt::CBIndex::c_0, tt::CBIndex::c_1,
                                   tt::CBIndex::c_16, tt::CBIndex::c_24>(
      block_w, in0_subblocks, in1_subblocks, num_blocks, out_h, out_w, batch);
}
