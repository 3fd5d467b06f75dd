// The device profiler: DeviceZoneScopedN zones and markers in kernels,
// ReadMeshDeviceProfilerResults writing tt-metal's profile_log_device.csv,
// TT_EMU_PROFILE's zones.txt. Zone times are checked against the run's own
// figures (lastRunStats: each processor's end cycle), the markers' payloads
// against what the kernels recorded, and the copy's output against its input.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include <unistd.h>

#include <tt-metalium/distributed.hpp>
#include <tt-metalium/host_api.hpp>
#include <tt-metalium/tensor_accessor_args.hpp>
#include <tt-metalium/tt_metal_profiler.hpp>
#include <ttemu/emulator.h>

#include "EmuTestUtil.h"

using namespace tt;
using namespace tt::tt_metal;
using ttemu::test::kernelPath;

namespace {

constexpr uint32_t kTileBytes = 2048;

struct Row {
  uint32_t x, y;
  std::string risc, name, type;
  uint64_t time, data;
  uint32_t run;
};

/// The rows of profile_log_device.csv (after its two header lines).
std::vector<Row> readCsv(const std::filesystem::path &path, std::string *arch) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  *arch = line;
  std::getline(in, line); // column names
  std::vector<Row> rows;
  while (std::getline(in, line)) {
    std::vector<std::string> f;
    std::stringstream ss(line);
    for (std::string c; std::getline(ss, c, ',');)
      f.push_back(c);
    Row r;
    r.x = std::stoul(f[1]), r.y = std::stoul(f[2]), r.risc = f[3];
    r.time = std::stoull(f[5]), r.data = std::stoull(f[6]);
    r.run = std::stoul(f[7]), r.name = f[10], r.type = f[11];
    rows.push_back(r);
  }
  return rows;
}

/// Runs reader -> compute -> writer over `n` tiles on cores (0,0) and (1,0)
/// of a unit mesh `runs` times, reading the profiler after the runs; the
/// stats of each run in `stats`.
void runCopy(uint32_t n, int runs, std::vector<ttemu::RunStats> &stats) {
  auto mesh = distributed::MeshDevice::create_unit_mesh(0);
  auto &cq = mesh->mesh_command_queue();
  distributed::DeviceLocalBufferConfig dram{.page_size = kTileBytes,
                                            .buffer_type = BufferType::DRAM};
  auto make = [&] {
    return distributed::MeshBuffer::create(
        distributed::ReplicatedBufferConfig{.size = n * kTileBytes}, dram,
        mesh.get());
  };
  auto src = make(), dst = make();
  // bf16 values, which a copy through DST keeps exactly.
  std::vector<bfloat16> input = ttemu::test::randomBf16(n * kTileBytes / 2, 7, -4, 4);
  distributed::EnqueueWriteMeshBuffer(cq, src, input, true);
  for (int run = 0; run < runs; ++run) {
    Program program = CreateProgram();
    CoreRange cores({0, 0}, {1, 0});
    for (uint8_t cb : {0, 16})
      CreateCircularBuffer(program, cores,
                           CircularBufferConfig(2 * kTileBytes, {{cb, DataFormat::Float16_b}})
                               .set_page_size(cb, kTileBytes));
    std::vector<uint32_t> rct, wct;
    TensorAccessorArgs(*src).append_to(rct);
    TensorAccessorArgs(*dst).append_to(wct);
    auto reader = CreateKernel(program, kernelPath("profiler/zones_reader.cpp"),
                               cores, ReaderDataMovementConfig(rct));
    auto writer = CreateKernel(program, kernelPath("profiler/zones_writer.cpp"),
                               cores, WriterDataMovementConfig(wct));
    auto compute = CreateKernel(program, kernelPath("profiler/zones_compute.cpp"),
                                cores, ComputeConfig{});
    // Both cores copy all n tiles (the same data to the same places).
    for (uint32_t x = 0; x < 2; ++x) {
      SetRuntimeArgs(program, reader, CoreCoord{x, 0}, {src->address(), n});
      SetRuntimeArgs(program, writer, CoreCoord{x, 0}, {dst->address(), n});
      SetRuntimeArgs(program, compute, CoreCoord{x, 0}, {n});
    }
    distributed::MeshWorkload workload;
    workload.add_program(distributed::MeshCoordinateRange(mesh->shape()),
                         std::move(program));
    distributed::EnqueueMeshWorkload(cq, workload, true);
    stats.push_back(ttemu::lastRunStats());
  }
  std::vector<bfloat16> out;
  distributed::EnqueueReadMeshBuffer(cq, out, dst, true);
  ASSERT_EQ(out.size(), input.size());
  for (size_t i = 0; i < out.size(); ++i)
    ASSERT_EQ(out[i].to_uint16(), input[i].to_uint16()) << i;
  ReadMeshDeviceProfilerResults(*mesh);
  mesh->close();
}

struct ScopedEnv {
  std::string name;
  ScopedEnv(const char *n, const std::string &v) : name(n) { setenv(n, v.c_str(), 1); }
  ~ScopedEnv() { unsetenv(name.c_str()); }
};

std::filesystem::path freshDir(const std::string &name) {
  auto d = std::filesystem::temp_directory_path() /
           (name + "-" + std::to_string(::getpid()));
  std::filesystem::remove_all(d);
  return d;
}

} // namespace

TEST(Profiler, ZonesAndMarkersReachTheDeviceLog) {
  auto dir = freshDir("tt-emu-profiler");
  ScopedEnv on("TT_METAL_DEVICE_PROFILER", "1"), where("TT_METAL_PROFILER_DIR", dir.string());
  constexpr uint32_t n = 6;
  std::vector<ttemu::RunStats> stats;
  runCopy(n, 2, stats);
  std::string arch;
  auto rows = readCsv(dir / ".logs" / "profile_log_device.csv", &arch);
  EXPECT_EQ(arch, "ARCH: wormhole_b0, CHIP_FREQ[MHz]: 1000, Max Compute Cores: 64");

  // Zones per (run, core, risc, name): start/end pairs, in time order,
  // not overlapping (each zone is one loop iteration).
  std::map<std::tuple<uint32_t, uint32_t, uint32_t, std::string, std::string>,
           std::vector<std::pair<uint64_t, uint64_t>>> zones;
  std::map<std::tuple<uint32_t, uint32_t, uint32_t, std::string, std::string>, uint64_t> open;
  std::vector<uint64_t> data, events;
  for (const Row &r : rows) {
    auto key = std::make_tuple(r.run, r.x, r.y, r.risc, r.name);
    if (r.type == "ZONE_START") {
      open[key] = r.time;
    } else if (r.type == "ZONE_END") {
      ASSERT_TRUE(open.count(key)) << r.name;
      ASSERT_GE(r.time, open[key]);
      zones[key].push_back({open[key], r.time});
      open.erase(key);
    } else if (r.type == "TS_DATA" && r.run == 1 && r.x == 1 && r.y == 1) {
      EXPECT_EQ(r.name, "TILE");
      data.push_back(r.data);
    } else if (r.type == "TS_EVENT" && r.run == 1 && r.x == 1 && r.y == 1) {
      events.push_back(r.data);
    }
  }
  EXPECT_TRUE(open.empty());
  for (uint32_t i = 0; i < n; ++i) {
    ASSERT_EQ(data.size(), n);
    EXPECT_EQ(data[i], i + (uint64_t(1) << 32));
    EXPECT_EQ(events[i], i);
  }
  // The device's NOC coordinates: logical (0,0) and (1,0) are (1,1), (2,1).
  uint64_t offset = 0;
  for (uint32_t run = 1; run <= 2; ++run) {
    const ttemu::RunStats &s = stats[run - 1];
    for (const ttemu::ThreadStats &t : s.threads) {
      uint32_t x = t.coreX + 1, y = t.coreY + 1;
      auto kernelZone = [&](const std::string &risc, const std::string &name) {
        auto &z = zones[{run, x, y, risc, name}];
        EXPECT_EQ(z.size(), 1u) << risc << " " << name;
        return z.empty() ? std::pair<uint64_t, uint64_t>{} : z[0];
      };
      auto checkUserZones = [&](const std::string &risc, const std::string &name,
                                uint64_t end) {
        // The kernel zone spans the run up to the processor's end cycle.
        auto k = kernelZone(risc, risc.rfind("TRISC", 0) == 0 ? "TRISC-KERNEL"
                                                               : risc + "-KERNEL");
        EXPECT_EQ(k.first, offset);
        EXPECT_EQ(k.second, offset + end) << risc;
        auto &z = zones[{run, x, y, risc, name}];
        ASSERT_EQ(z.size(), n) << risc << " " << name;
        for (uint32_t i = 0; i < n; ++i) {
          EXPECT_GE(z[i].first, k.first);
          EXPECT_LE(z[i].second, k.second);
          if (i)
            EXPECT_GE(z[i].first, z[i - 1].second);
        }
        // A tile's NOC transfer or copy takes time on the device.
        EXPECT_GT(z[0].second, z[0].first) << risc << " " << name;
      };
      if (t.processor == "NCRISC")
        checkUserZones("NCRISC", "READ-TILE", t.endCycle);
      else if (t.processor == "BRISC")
        checkUserZones("BRISC", "WRITE-TILE", t.endCycle);
      else
        for (uint32_t i = 0; i < 3; ++i)
          checkUserZones("TRISC_" + std::to_string(i), "COPY-TILE", t.triscEnd[i]);
    }
    offset += s.deviceCycles; // run 2's times follow run 1's
  }
  // Both runs are the same program: the same zone durations.
  for (auto &[k, z] : zones)
    if (std::get<0>(k) == 1) {
      auto k2 = k;
      std::get<0>(k2) = 2;
      ASSERT_EQ(zones[k2].size(), z.size());
      for (size_t i = 0; i < z.size(); ++i)
        EXPECT_EQ(zones[k2][i].second - zones[k2][i].first, z[i].second - z[i].first);
    }
  std::filesystem::remove_all(dir);
}

TEST(Profiler, NoDeviceLogWithoutTheProfilerButTheEmulatorProfileShowsZones) {
  auto dir = freshDir("tt-emu-profiler-off");
  auto profile = freshDir("tt-emu-profile-zones");
  ScopedEnv where("TT_METAL_PROFILER_DIR", dir.string()),
      emu("TT_EMU_PROFILE", profile.string());
  std::vector<ttemu::RunStats> stats;
  runCopy(3, 1, stats);
  EXPECT_FALSE(std::filesystem::exists(dir / ".logs" / "profile_log_device.csv"));
  std::ifstream in(profile / "zones.txt");
  std::stringstream text;
  text << in.rdbuf();
  // 2 cores x 3 tiles of each zone, per processor.
  for (const char *row : {"READ-TILE", "WRITE-TILE", "COPY-TILE"})
    EXPECT_NE(text.str().find(row), std::string::npos) << text.str();
  EXPECT_NE(text.str().find("NCRISC          6"), std::string::npos) << text.str();
  EXPECT_NE(text.str().find("TRISC_1         6"), std::string::npos) << text.str();
  EXPECT_TRUE(std::filesystem::exists(profile / "zones.json"));
  std::filesystem::remove_all(dir);
  std::filesystem::remove_all(profile);
}
