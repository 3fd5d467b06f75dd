// The host side of the fabric: the configuration SetFabricConfig selects,
// the runtime arguments that connect a worker to a link, packet sizes, and
// global semaphores (docs/MESH.md, "Fabric").
#include <tt-metalium/distributed.hpp>
#include <tt-metalium/experimental/fabric/fabric.hpp>
#include <tt-metalium/experimental/fabric/fabric_edm_types.hpp>
#include <tt-metalium/global_semaphore.hpp>

#include <cstring>
#include <mutex>

#include <fmt/format.h>

#include "Device/DeviceState.h"
#include "Fabric/Fabric.h"
#include "Fabric/FabricHost.h"
#include "ttemu/fabric_abi.h"

namespace ttemu {
namespace {

struct HostFabric {
  std::mutex mu;
  tt::tt_fabric::FabricConfig config = tt::tt_fabric::FabricConfig::DISABLED;
  // The last mesh opened with the fabric enabled: what FabricNodeIds name.
  uint32_t rows = 0, cols = 0;
  tt::ARCH arch = tt::ARCH::WORMHOLE_B0;
};

HostFabric &hostFabric() {
  static HostFabric h;
  return h;
}

} // namespace

bool fabricRing(tt::tt_fabric::FabricConfig c) {
  using tt::tt_fabric::FabricConfig;
  return c == FabricConfig::FABRIC_1D_RING ||
         c == FabricConfig::FABRIC_2D_TORUS_X ||
         c == FabricConfig::FABRIC_2D_TORUS_Y ||
         c == FabricConfig::FABRIC_2D_TORUS_XY;
}

void registerFabricMesh(uint32_t rows, uint32_t cols, tt::ARCH arch) {
  HostFabric &h = hostFabric();
  std::lock_guard lock(h.mu);
  h.rows = rows;
  h.cols = cols;
  h.arch = arch;
}

uint32_t fabricLinksBetweenNeighbours(uint32_t rows, uint32_t cols) {
  // n300 and T3000: two links join the chips of a card, one of them kept
  // by the dispatcher, which leaves one for kernels; a Galaxy's inner chips
  // use all 16 of their links, 4 towards each neighbour
  // (tech_reports/EthernetMultichip/BasicEthernetGuide.md).
  return rows * cols == 32 ? 4 : 1;
}

} // namespace ttemu

namespace tt::tt_fabric {

void SetFabricConfig(FabricConfig fabric_config, FabricReliabilityMode,
                     std::optional<uint8_t>) {
  auto &h = ttemu::hostFabric();
  std::lock_guard lock(h.mu);
  h.config = fabric_config;
}

FabricConfig GetFabricConfig() {
  auto &h = ttemu::hostFabric();
  std::lock_guard lock(h.mu);
  return h.config;
}

size_t get_tt_fabric_packet_header_size_bytes() {
  return sizeof(tt::tt_fabric::PacketHeader);
}

size_t get_tt_fabric_max_payload_size_bytes() {
  auto &h = ttemu::hostFabric();
  std::lock_guard lock(h.mu);
  return ttemu::ethLinkSpec(h.arch).maxPayload;
}

size_t get_tt_fabric_num_links(const FabricNodeId &, const FabricNodeId &) {
  auto &h = ttemu::hostFabric();
  std::lock_guard lock(h.mu);
  return ttemu::fabricLinksBetweenNeighbours(h.rows, h.cols);
}

void append_fabric_connection_rt_args(
    const FabricNodeId &src, const FabricNodeId &dst, uint32_t link_idx,
    tt::tt_metal::Program &, const tt::tt_metal::CoreCoord &,
    std::vector<uint32_t> &worker_args, tt::tt_metal::CoreType core_type) {
  auto &h = ttemu::hostFabric();
  std::lock_guard lock(h.mu);
  TT_FATAL(h.config != FabricConfig::DISABLED && h.rows * h.cols > 1,
           "append_fabric_connection_rt_args: the fabric is not enabled (call "
           "tt::tt_fabric::SetFabricConfig(FabricConfig::FABRIC_1D) before "
           "MeshDevice::create, on a mesh of more than one chip)");
  TT_FATAL(core_type == tt::tt_metal::CoreType::WORKER,
           "append_fabric_connection_rt_args: only Tensix workers connect to "
           "the fabric in the emulator");
  uint32_t n = h.rows * h.cols;
  TT_FATAL(src.chip_id < n && dst.chip_id < n,
           "append_fabric_connection_rt_args: chips {} and {} are not both in "
           "the {}x{} mesh",
           src, dst, h.rows, h.cols);
  ttemu::FabricTopology topo{h.rows, h.cols, ttemu::fabricRing(h.config)};
  ttemu::LinkDir dir;
  TT_FATAL(src.chip_id != dst.chip_id &&
               topo.directionTo(src.chip_id, dst.chip_id, dir),
           "append_fabric_connection_rt_args: chip {} (mesh coordinate "
           "({},{})) and chip {} (({},{})) are not neighbours on the {}x{} "
           "mesh{}",
           src.chip_id, src.chip_id / h.cols, src.chip_id % h.cols, dst.chip_id,
           dst.chip_id / h.cols, dst.chip_id % h.cols, h.rows, h.cols,
           topo.ring ? "" : " (FABRIC_1D does not wrap around)");
  uint32_t links = ttemu::fabricLinksBetweenNeighbours(h.rows, h.cols);
  TT_FATAL(link_idx < links,
           "append_fabric_connection_rt_args: link {} between chips {} and {}: "
           "kernels have {} link(s) between neighbours on a {}x{} mesh",
           link_idx, src.chip_id, dst.chip_id, links, h.rows, h.cols);
  worker_args.push_back(ttemu::abi::kFabricConnectionTag |
                        static_cast<uint32_t>(dir));
  worker_args.push_back(src.chip_id);
  worker_args.push_back(dst.chip_id);
  worker_args.push_back(link_idx);
}

} // namespace tt::tt_fabric

namespace tt::tt_metal {

namespace {

/// Every chip the semaphore lives on: a mesh's chips, or the one device.
std::vector<IDevice *> chipsOf(IDevice *device) {
  if (auto *mesh = dynamic_cast<distributed::MeshDevice *>(device))
    return mesh->get_devices();
  return {device};
}

} // namespace

GlobalSemaphore::GlobalSemaphore(IDevice *device, const CoreRangeSet &cores,
                                 uint32_t initial_value, BufferType buffer_type)
    : device_(device), cores_(cores) {
  TT_FATAL(device, "CreateGlobalSemaphore: no device");
  TT_FATAL(buffer_type == BufferType::L1,
           "CreateGlobalSemaphore: a global semaphore lives in L1, not {}",
           buffer_type == BufferType::DRAM ? "DRAM" : "this buffer type");
  CoreCoord grid = device->compute_with_storage_grid_size();
  for (const CoreRange &r : cores.ranges())
    TT_FATAL(r.end_coord.x < grid.x && r.end_coord.y < grid.y,
             "CreateGlobalSemaphore: cores {} are outside the {}x{} worker "
             "grid",
             cores.str(), grid.x, grid.y);
  // One L1 page per core of the whole grid (interleaved pages land one per
  // core), so the word is at the same address on every core; on a mesh,
  // at the same address on every chip.
  uint32_t page = device->emuState()->arch.l1Alignment;
  uint64_t size = uint64_t(page) * grid.x * grid.y;
  if (auto *mesh = dynamic_cast<distributed::MeshDevice *>(device))
    meshBuffer_ = distributed::MeshBuffer::create(
        distributed::ReplicatedBufferConfig{.size = size},
        distributed::DeviceLocalBufferConfig{.page_size = page,
                                             .buffer_type = BufferType::L1},
        mesh);
  else
    buffer_ =
        CreateBuffer(InterleavedBufferConfig{.device = device,
                                             .size = size,
                                             .page_size = page,
                                             .buffer_type = BufferType::L1});
  reset_semaphore_value(initial_value);
}

DeviceAddr GlobalSemaphore::address() const {
  return meshBuffer_ ? meshBuffer_->address() : buffer_->address();
}

void GlobalSemaphore::reset_semaphore_value(uint32_t reset_value) const {
  auto addr = static_cast<uint32_t>(address());
  for (IDevice *chip : chipsOf(device_))
    for (const CoreCoord &c : corerange_to_cores(cores_, std::nullopt, true))
      std::memcpy(chip->emuState()->l1(c.x, c.y) + addr, &reset_value, 4);
}

GlobalSemaphore CreateGlobalSemaphore(IDevice *device,
                                      const CoreRangeSet &cores,
                                      uint32_t initial_value,
                                      BufferType buffer_type) {
  return GlobalSemaphore(device, cores, initial_value, buffer_type);
}

GlobalSemaphore CreateGlobalSemaphore(IDevice *device, CoreRangeSet &&cores,
                                      uint32_t initial_value,
                                      BufferType buffer_type) {
  return GlobalSemaphore(device, cores, initial_value, buffer_type);
}

} // namespace tt::tt_metal
