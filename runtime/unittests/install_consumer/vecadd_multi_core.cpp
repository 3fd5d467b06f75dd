// Vector add over the whole grid with the classic API, in the style of
// tt-metal's vecadd_multi_core example.
#include <iostream>
#include <random>
#include <variant>

#include <tt-metalium/bfloat16.hpp>
#include <tt-metalium/core_coord.hpp>
#include <tt-metalium/device.hpp>
#include <tt-metalium/host_api.hpp>
#include <tt-metalium/work_split.hpp>

using namespace tt;
using namespace tt::tt_metal;
using CoreSpec = std::variant<CoreCoord, CoreRange, CoreRangeSet>;

static std::shared_ptr<Buffer> make_buffer(IDevice *device, uint32_t n_tiles) {
  // With both namespaces open, detail:: must name tt::tt_metal::detail.
  const uint32_t tile = detail::TileSize(tt::DataFormat::Float16_b);
  InterleavedBufferConfig config{.device = device,
                                 .size = tile * n_tiles,
                                 .page_size = tile,
                                 .buffer_type = BufferType::DRAM};
  return CreateBuffer(config);
}

static CBHandle make_cb(Program &program, const CoreSpec &core, tt::CBIndex cb) {
  constexpr uint32_t tile = sizeof(bfloat16) * constants::TILE_HW;
  CircularBufferConfig cfg = CircularBufferConfig(4 * tile, {{cb, tt::DataFormat::Float16_b}})
                                 .set_page_size(cb, tile);
  return CreateCircularBuffer(program, core, cfg);
}

int main() {
  const uint32_t n_tiles = 100;
  IDevice *device = CreateDevice(0);
  Program program = CreateProgram();
  CommandQueue &cq = device->command_queue();
  auto a = make_buffer(device, n_tiles), b = make_buffer(device, n_tiles),
       c = make_buffer(device, n_tiles);
  std::mt19937 rng(7);
  auto a_data = create_random_vector_of_bfloat16_native(constants::TILE_HW * n_tiles * 2, 10, rng());
  auto b_data = create_random_vector_of_bfloat16_native(constants::TILE_HW * n_tiles * 2, 10, rng());

  auto grid = device->compute_with_storage_grid_size();
  uint32_t num_cores_total = grid.x * grid.y;
  auto all_device_cores = CoreRange({0, 0}, {grid.x - 1, grid.y - 1});
  make_cb(program, all_device_cores, tt::CBIndex::c_0);
  make_cb(program, all_device_cores, tt::CBIndex::c_1);
  make_cb(program, all_device_cores, tt::CBIndex::c_2);

  auto reader = CreateKernel(
      program, "kernels/dataflow/read_two.cpp", all_device_cores,
      DataMovementConfig{.processor = DataMovementProcessor::RISCV_0,
                         .noc = NOC::RISCV_0_default,
                         .compile_args = {(uint32_t)tt::CBIndex::c_0, (uint32_t)tt::CBIndex::c_1}});
  auto writer = CreateKernel(
      program, "kernels/dataflow/write_one.cpp", all_device_cores,
      DataMovementConfig{.processor = DataMovementProcessor::RISCV_1,
                         .noc = NOC::RISCV_1_default,
                         .compile_args = {(uint32_t)tt::CBIndex::c_2}});
  auto compute = CreateKernel(
      program, "kernels/compute/add.cpp", all_device_cores,
      ComputeConfig{.math_approx_mode = false,
                    .compile_args = {0, 1, 2},
                    .defines = {}});

  constexpr bool row_major = true;
  auto [num_cores, all_cores, group_1, group_2, per_core_1, per_core_2] =
      split_work_to_cores(grid, n_tiles, row_major);
  auto cores = grid_to_cores(num_cores_total, grid.x, grid.y, row_major);
  for (uint32_t i = 0, start = 0; i < num_cores_total; i++) {
    const auto &core = cores[i];
    uint32_t n;
    if (group_1.contains(core)) {
      n = per_core_1;
    } else if (group_2.contains(core)) {
      n = per_core_2;
    } else {
      SetRuntimeArgs(program, reader, core, std::array<uint32_t, 4>{0});
      SetRuntimeArgs(program, writer, core, std::array<uint32_t, 3>{0});
      SetRuntimeArgs(program, compute, core, {0u, 0u});
      continue;
    }
    SetRuntimeArgs(program, reader, core, {a->address(), b->address(), n, start});
    SetRuntimeArgs(program, writer, core, {c->address(), n, start});
    SetRuntimeArgs(program, compute, core, {n, start});
    start += n;
  }

  EnqueueWriteBuffer(cq, a, a_data, false);
  EnqueueWriteBuffer(cq, b, b_data, false);
  EnqueueProgram(cq, program, true);
  std::vector<bfloat16> c_data;
  EnqueueReadBuffer(cq, c, c_data, true);
  Finish(cq);

  size_t bad = 0;
  for (size_t i = 0; i < c_data.size(); ++i) {
    float want = a_data[i].to_float() + b_data[i].to_float();
    if (!is_close(c_data[i].to_float(), want, 0.01f, 0.01f))
      ++bad;
  }
  CloseDevice(device);
  if (bad) {
    std::cout << bad << " mismatches\n";
    return 1;
  }
  std::cout << "Test Passed\n";
  return 0;
}
