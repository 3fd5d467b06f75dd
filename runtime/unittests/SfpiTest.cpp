// SFPI vector code in compute kernels (sfpi.h, api/compute/emu/
// sfpu_params.h): face functions called per face by the LLK wrappers and the
// SFPU_*_CALL macros inside MATH(), predication with nested v_if / v_elseif
// / v_else, dst_reg++ and vector modes. Results are checked bit for bit
// against a host model of the SFPU: fp32 per operation, stores into the
// bf16 DST truncated.
#include <gtest/gtest.h>

#include <cstring>

#include <tt-metalium/bfloat16.hpp>
#include <tt-metalium/host_api.hpp>
#include <tt-metalium/tensor_accessor_args.hpp>
#include <tt-metalium/tilize_utils.hpp>

#include "EmuTestUtil.h"

using namespace tt;
using namespace tt::tt_metal;
using ttemu::test::kernelPath;
using ttemu::test::randomBf16;

namespace {

constexpr uint32_t kTileBytes = 2048, kTileElems = 1024;

/// What SFPSTORE leaves in a bf16 DST for an fp32 lane value: its upper
/// half (packing a bf16 DST to a bf16 CB keeps it).
uint16_t storedBits(float v) {
  uint32_t bits;
  std::memcpy(&bits, &v, 4);
  return uint16_t(bits >> 16);
}

std::shared_ptr<Buffer> dramBuffer(IDevice *device, uint32_t tiles) {
  return CreateBuffer(InterleavedBufferConfig{.device = device,
                                              .size = tiles * kTileBytes,
                                              .page_size = kTileBytes,
                                              .buffer_type = BufferType::DRAM});
}

void addCb(Program &p, CoreCoord core, uint8_t index) {
  CreateCircularBuffer(p, core,
                       CircularBufferConfig(2 * kTileBytes, {{index, DataFormat::Float16_b}})
                           .set_page_size(index, kTileBytes));
}

/// Runs `compute` over `n` tiles of row-major `inputs` (one buffer per
/// input CB, 0 and then 1) into CB 16; returns the row-major result.
std::vector<bfloat16> run(const std::string &compute, const std::string &reader,
                          const std::vector<std::vector<bfloat16>> &inputs,
                          uint32_t n, std::vector<uint32_t> computeCt = {}) {
  IDevice *device = CreateDevice(0);
  CommandQueue &cq = device->command_queue();
  std::vector<std::shared_ptr<Buffer>> in;
  for (auto &v : inputs) {
    in.push_back(dramBuffer(device, n));
    EnqueueWriteBuffer(cq, in.back(), tilize_nfaces(v, n * 32, 32), true);
  }
  auto out = dramBuffer(device, n);
  Program program = CreateProgram();
  CoreCoord core{0, 0};
  addCb(program, core, CBIndex::c_0);
  addCb(program, core, CBIndex::c_1);
  addCb(program, core, CBIndex::c_16);
  std::vector<uint32_t> readerCt, writerCt = {CBIndex::c_16};
  TensorAccessorArgs(*out).append_to(writerCt);
  std::vector<uint32_t> readerArgs;
  if (inputs.size() == 1) {
    TensorAccessorArgs(*in[0]).append_to(readerCt);
    readerArgs = {in[0]->address(), n};
  } else {
    readerArgs = {in[0]->address(), in[1]->address(), n};
  }
  auto r = CreateKernel(program, kernelPath(reader), core, ReaderDataMovementConfig(readerCt));
  auto w = CreateKernel(program, kernelPath("dataflow/writer_tiles.cpp"), core,
                        WriterDataMovementConfig(writerCt));
  auto c = CreateKernel(program, kernelPath(compute), core,
                        ComputeConfig{.compile_args = computeCt});
  SetRuntimeArgs(program, r, core, readerArgs);
  SetRuntimeArgs(program, w, core, {out->address(), n, 0u});
  SetRuntimeArgs(program, c, core, {n});
  EnqueueProgram(cq, program, false);
  std::vector<bfloat16> got;
  EnqueueReadBuffer(cq, out, got, true);
  CloseDevice(device);
  return untilize_nfaces(got, n * 32, 32);
}

/// The piecewise kernel's function, as the SFPU computes it.
float piecewise(float x) {
  float y = x * 0.5f;
  if (x < -0.75f)
    y = -0.75f;
  else if (x > 1.0f)
    y = x * x;
  else if (y < 0.0f)
    y = -y;
  return y;
}

} // namespace

TEST(Sfpi, BinaryFaceFunctionThroughTheCallMacro) {
  constexpr uint32_t n = 3;
  auto a = randomBf16(n * kTileElems, 31, -3, 3), b = randomBf16(n * kTileElems, 32, -3, 3);
  auto got = run("sfpi/mul_sub.cpp", "dataflow/reader_binary.cpp", {a, b}, n);
  ASSERT_EQ(got.size(), a.size());
  for (size_t i = 0; i < got.size(); ++i) {
    // bf16 * bf16 is exact in fp32; the subtraction rounds once.
    float want = a[i].to_float() * b[i].to_float() - a[i].to_float();
    ASSERT_EQ(got[i].to_uint16(), storedBits(want))
        << "element " << i << ": " << got[i].to_float() << " vs " << want;
  }
}

TEST(Sfpi, PredicatedFaceFunctionOnAllFaces) {
  constexpr uint32_t n = 2;
  auto x = randomBf16(n * kTileElems, 33, -2, 2);
  auto got = run("sfpi/piecewise.cpp", "sfpi/reader_unary.cpp", {x}, n,
                 {4u /* VectorMode::RC */});
  ASSERT_EQ(got.size(), x.size());
  int branches[4] = {};
  for (size_t i = 0; i < got.size(); ++i) {
    float v = x[i].to_float();
    ++branches[v < -0.75f ? 0 : v > 1.0f ? 1 : v < 0 ? 2 : 3];
    ASSERT_EQ(got[i].to_uint16(), storedBits(piecewise(v)))
        << "element " << i << " x=" << v << ": " << got[i].to_float();
  }
  for (int c : branches)
    EXPECT_GT(c, 100); // every branch was taken by many lanes
}

TEST(Sfpi, RowVectorModeLeavesTheLowerFacesAlone) {
  constexpr uint32_t n = 1;
  auto x = randomBf16(n * kTileElems, 34, -2, 2);
  auto got = run("sfpi/piecewise.cpp", "sfpi/reader_unary.cpp", {x}, n,
                 {1u /* VectorMode::R */});
  ASSERT_EQ(got.size(), x.size());
  for (uint32_t r = 0; r < 32; ++r)
    for (uint32_t c = 0; c < 32; ++c) {
      size_t i = r * 32 + c;
      // Faces 0 and 1 are rows 0..15 of the tile.
      uint16_t want = r < 16 ? storedBits(piecewise(x[i].to_float())) : x[i].to_uint16();
      ASSERT_EQ(got[i].to_uint16(), want) << "row " << r << " col " << c;
    }
}
