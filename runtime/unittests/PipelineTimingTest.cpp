// The compute kernel as three TRISCs (UNPACK, MATH, PACK) with a clock each:
// a kernel takes the time of its pipeline's bottleneck, not the sum of its
// stages, and the DST hand-offs between the TRISCs are respected.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include <tt-metalium/host_api.hpp>
#include <ttemu/emulator.h>

#include "EmuTestUtil.h"

using namespace tt;
using namespace tt::tt_metal;
using ttemu::test::kernelPath;

namespace {

void addCb(Program &p, uint8_t index, uint32_t pages, DataFormat fmt,
           uint32_t pageBytes) {
  CreateCircularBuffer(p, CoreCoord{0, 0},
                       CircularBufferConfig(pages * pageBytes, {{index, fmt}})
                           .set_page_size(index, pageBytes));
}

/// Runs `compute` on core (0,0) over `n` tiles that a producer publishes at
/// once into CBs `inputs`, and a consumer takes from CB 16 (`outPages`).
ttemu::RunStats runPipeline(const std::string &compute, uint32_t n,
                            std::vector<uint32_t> inputs, uint32_t inPages,
                            uint32_t outPages, DataFormat fmt,
                            ComputeConfig config) {
  IDevice *device = CreateDevice(0);
  uint32_t bytes = fmt == DataFormat::Float32 ? 4096 : 2048;
  Program program = CreateProgram();
  for (uint32_t cb : inputs)
    addCb(program, cb, inPages, fmt, bytes);
  addCb(program, 16, outPages, fmt, bytes);
  CoreCoord core{0, 0};
  auto producer = CreateKernel(program, kernelPath("dataflow/push_pages.cpp"),
                               core, ReaderDataMovementConfig{});
  auto consumer = CreateKernel(program, kernelPath("dataflow/pop_pages.cpp"),
                               core, WriterDataMovementConfig{});
  auto k = CreateKernel(program, kernelPath(compute), core, config);
  std::vector<uint32_t> pargs = {inPages, uint32_t(inputs.size())};
  pargs.insert(pargs.end(), inputs.begin(), inputs.end());
  SetRuntimeArgs(program, producer, core, pargs);
  SetRuntimeArgs(program, consumer, core, {outPages, 16});
  SetRuntimeArgs(program, k, core, {n});
  EnqueueProgram(device->command_queue(), program, true);
  ttemu::RunStats s = ttemu::lastRunStats();
  CloseDevice(device);
  return s;
}

const ttemu::ThreadStats &computeThread(const ttemu::RunStats &s) {
  for (const ttemu::ThreadStats &t : s.threads)
    if (t.processor == "TRISC")
      return t;
  ADD_FAILURE() << "no compute thread";
  return s.threads.front();
}

/// The pipeline bound: at least the busiest TRISC, well below the sum of
/// all three (what one clock per compute kernel charged).
void expectOverlap(const ttemu::RunStats &s) {
  const ttemu::ThreadStats &t = computeThread(s);
  uint64_t sum = t.triscBusy[0] + t.triscBusy[1] + t.triscBusy[2];
  uint64_t largest = *std::max_element(t.triscBusy.begin(), t.triscBusy.end());
  EXPECT_GE(s.deviceCycles, largest);
  EXPECT_LT(double(s.deviceCycles), 0.75 * double(sum))
      << "UNPACK " << t.triscBusy[0] << " MATH " << t.triscBusy[1] << " PACK "
      << t.triscBusy[2] << " device " << s.deviceCycles;
  EXPECT_EQ(t.endCycle,
            *std::max_element(t.triscEnd.begin(), t.triscEnd.end()));
}

struct Event {
  std::string name;
  long long start, end; // cycles
};

/// The events of track `tid` in a Chrome trace written by the emulator on
/// a 1 GHz device (times in us with 4 decimals, back to whole cycles).
std::vector<Event> track(const std::string &json, int tid) {
  std::vector<Event> out;
  std::regex re("\\{\"name\":\"([^\"]+)\",\"ph\":\"X\",\"pid\":\\d+,\"tid\":" +
                std::to_string(tid) + ",\"ts\":([0-9.]+),\"dur\":([0-9.]+)\\}");
  for (std::sregex_iterator it(json.begin(), json.end(), re), end; it != end;
       ++it) {
    double ts = std::stod((*it)[2]), dur = std::stod((*it)[3]);
    out.push_back(
        {(*it)[1], std::llround(ts * 1000), std::llround((ts + dur) * 1000)});
  }
  return out;
}

std::vector<Event> named(const std::vector<Event> &events,
                         const std::string &name) {
  std::vector<Event> out;
  for (const Event &e : events)
    if (e.name == name)
      out.push_back(e);
  return out;
}

} // namespace

TEST(PipelineTiming, CopyOfFp32TilesTakesItsSlowestStage) {
  constexpr uint32_t n = 32;
  ttemu::RunStats s = runPipeline(
      "compute/copy_pipeline.cpp", n, {0}, n, n, DataFormat::Float32,
      ComputeConfig{.math_fidelity = MathFidelity::HiFi4,
                    .fp32_dest_acc_en = true});
  expectOverlap(s);
  // Unpack and pack (a 4 KB tile each) dominate; math only copies.
  const ttemu::ThreadStats &t = computeThread(s);
  EXPECT_GT(t.triscBusy[0], 2 * t.triscBusy[1]);
  EXPECT_GT(t.triscBusy[2], 2 * t.triscBusy[1]);
}

TEST(PipelineTiming, HiFi4MatmulIntoOneDstTileIsMathBound) {
  constexpr uint32_t n = 64;
  ttemu::RunStats s = runPipeline(
      "compute/matmul_accumulate.cpp", n, {0, 1}, 1, 1, DataFormat::Float16_b,
      ComputeConfig{.math_fidelity = MathFidelity::HiFi4});
  expectOverlap(s);
  const ttemu::ThreadStats &t = computeThread(s);
  EXPECT_GT(t.triscBusy[1], t.triscBusy[0]);
  EXPECT_GT(t.triscBusy[1], t.triscBusy[2]);
  // Math-bound: the kernel ends within a few unpacks and a pack of the
  // matrix engine's total.
  EXPECT_LT(s.deviceCycles, t.triscBusy[1] + t.triscBusy[2] + 200);
}

TEST(PipelineTiming, DstHalvesPassFromMathToPackAndBack) {
  constexpr uint32_t n = 16;
  std::string path =
      (std::filesystem::temp_directory_path() / "tt-emu-pipeline-trace.json")
          .string();
  setenv("TT_EMU_TRACE", path.c_str(), 1);
  runPipeline("compute/copy_pipeline.cpp", n, {0}, n, n, DataFormat::Float32,
              ComputeConfig{.fp32_dest_acc_en = true});
  unsetenv("TT_EMU_TRACE");
  std::stringstream ss;
  ss << std::ifstream(path).rdbuf();
  std::filesystem::remove(path);
  std::string json = ss.str();
  // Tracks 3, 4, 5: TRISC0 (UNPACK), TRISC1 (MATH), TRISC2 (PACK).
  ASSERT_NE(json.find("\"name\":\"TRISC1 (MATH)\""), std::string::npos);
  std::vector<Event> unpack = named(track(json, 3), "copy_tile");
  std::vector<Event> math = named(track(json, 4), "copy_tile");
  std::vector<Event> acquire = named(track(json, 4), "tile_regs_acquire");
  std::vector<Event> pack = named(track(json, 5), "pack");
  std::vector<Event> release = named(track(json, 5), "tile_regs_release");
  ASSERT_EQ(unpack.size(), n);
  ASSERT_EQ(math.size(), n);
  ASSERT_EQ(pack.size(), n);
  ASSERT_EQ(acquire.size(), n);
  ASSERT_EQ(release.size(), n);
  for (uint32_t i = 0; i < n; ++i) {
    EXPECT_GE(math[i].start, unpack[i].end) << "tile " << i;
    EXPECT_GE(pack[i].start, math[i].end) << "tile " << i;
    // Two DST halves: section i reuses the half section i-2 released.
    if (i >= 2)
      EXPECT_GE(acquire[i].start, release[i - 2].end) << "tile " << i;
    // Two source-register banks: unpack of tile i waits for math of i-2.
    if (i >= 2)
      EXPECT_GE(unpack[i].start, math[i - 2].end) << "tile " << i;
  }
  // The stages overlap: unpack of tile 1 runs while tile 0 is packed.
  EXPECT_LT(unpack[1].start, pack[0].end);
}

TEST(PipelineTiming, ThreeClocksAreDeterministic) {
  auto once = [] {
    return runPipeline("compute/copy_pipeline.cpp", 8, {0}, 8, 8,
                       DataFormat::Float16_b, ComputeConfig{})
        .deviceCycles;
  };
  uint64_t first = once();
  for (int i = 0; i < 3; ++i)
    EXPECT_EQ(once(), first);
}

TEST(PipelineTiming, ProfileSaysWhatEachTriscWaitedFor) {
  auto dir = std::filesystem::temp_directory_path() / "tt-emu-profile-test";
  std::filesystem::remove_all(dir);
  setenv("TT_EMU_PROFILE", dir.c_str(), 1);
  runPipeline("compute/copy_pipeline.cpp", 16, {0}, 16, 16, DataFormat::Float32,
              ComputeConfig{.fp32_dest_acc_en = true});
  unsetenv("TT_EMU_PROFILE");
  auto read = [&](const char *name) {
    std::stringstream ss;
    ss << std::ifstream(dir / name).rdbuf();
    return ss.str();
  };
  std::string summary = read("summary.txt");
  std::string svg = read("heatmap.svg");
  std::string trace = read("trace.json");
  std::filesystem::remove_all(dir);
  // One row per processor, the compute kernel's three TRISCs apart.
  for (const char *proc : {"NCRISC", "BRISC", "UNPACK", "MATH", "PACK"})
    EXPECT_NE(summary.find(std::string(" ") + proc + " "), std::string::npos)
        << proc << "\n"
        << summary;
  // A copy is unpack/pack-bound: MATH waits for its operands, the writer
  // for pushed pages.
  auto line = [&](const char *proc) {
    size_t at = summary.find(std::string(" ") + proc + " ");
    return summary.substr(at, summary.find('\n', at) - at);
  };
  EXPECT_NE(line("MATH").find("operands"), std::string::npos) << summary;
  EXPECT_NE(line("BRISC").find("CB empty"), std::string::npos) << summary;
  EXPECT_EQ(svg.rfind("<svg", 0), 0u);
  EXPECT_NE(svg.find("(0,0) "), std::string::npos);
  EXPECT_NE(trace.find("\"name\":\"TRISC2 (PACK)\""), std::string::npos);
}
