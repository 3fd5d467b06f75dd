// Blocked matmul through ttnn's compute_kernel_lib::matmul_block, written as
// the current tt-metal matmul example kernels are: the helper's header is its
// only include, and compute-time args give the block shape.
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
  compute_kernel_lib::matmul_block<tt::CBIndex::c_0, tt::CBIndex::c_1,
                                   tt::CBIndex::c_16, tt::CBIndex::c_24>(
      {.block_w = block_w,
       .num_subblocks = in0_subblocks,
       .block_num_tiles = out_h * block_w * in0_subblocks,
       .subblock_num_tiles = out_h * block_w},
      {.num_subblocks = in1_subblocks,
       .block_num_tiles = out_w * block_w * in1_subblocks,
       .per_core_w = out_w * in1_subblocks},
      num_blocks, {.h = out_h, .w = out_w, .num_tiles = out_h * out_w}, batch);
}
