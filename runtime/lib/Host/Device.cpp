// Device handles: IDevice (classic API) and MeshDevice (unit mesh).
#include <tt-metalium/command_queue.hpp>
#include <tt-metalium/device.hpp>
#include <tt-metalium/host_api.hpp>
#include <tt-metalium/mesh_command_queue.hpp>
#include <tt-metalium/mesh_device.hpp>

#include "Device/DeviceState.h"
#include "Device/NocLayout.h"

namespace tt::tt_metal {

IDevice::IDevice(int id)
    : id_(id),
      state_(std::make_shared<ttemu::DeviceState>(id, ttemu::selectedArch())),
      cq_(std::make_unique<CommandQueue>(*this)),
      allocator_(std::make_unique<Allocator>(*state_)) {}

IDevice::~IDevice() = default;

std::uint32_t Allocator::get_alignment(BufferType type) const {
  return type == BufferType::DRAM ? state_.arch.dramAlignment
                                  : state_.arch.l1Alignment;
}

std::uint32_t Allocator::get_num_banks(BufferType type) const {
  return type == BufferType::DRAM ? state_.arch.numDramBanks
                                  : state_.arch.numCores();
}

DeviceAddr Allocator::get_bank_size(BufferType type) const {
  return type == BufferType::DRAM ? state_.arch.dramBankSize
                                  : state_.arch.l1Size;
}

tt::ARCH IDevice::arch() const { return state_->arch.arch; }

CoreCoord IDevice::compute_with_storage_grid_size() const {
  return {state_->arch.gridX, state_->arch.gridY};
}

CoreCoord IDevice::worker_core_from_logical_core(const CoreCoord &c) const {
  TT_FATAL(state_->inGrid(c.x, c.y),
           "logical core {} is outside the {}x{} worker grid", c.str(),
           state_->arch.gridX, state_->arch.gridY);
  return state_->workerNoc(c.x, c.y);
}

uint32_t IDevice::num_dram_channels() const { return state_->arch.numDramBanks; }

std::vector<CoreCoord>
IDevice::get_optimal_dram_bank_to_logical_worker_assignment(NOC noc) {
  const ttemu::ArchSpec &a = state_->arch;
  std::vector<CoreCoord> out;
  for (auto [x, y] : ttemu::nocLayoutFor(a).bankAdjacentWorkers(
           static_cast<uint32_t>(noc) & 1, a.gridX, a.gridY))
    out.push_back({x, y});
  return out;
}
uint32_t IDevice::dram_size_per_channel() const {
  return static_cast<uint32_t>(std::min<uint64_t>(state_->arch.dramBankSize,
                                                  0xffffffffu));
}
uint32_t IDevice::l1_size_per_core() const { return state_->arch.l1Size; }

uint32_t IDevice::get_noc_unicast_encoding(uint8_t, const CoreCoord &c) const {
  return static_cast<uint32_t>((c.y << 6) | c.x);
}
uint32_t IDevice::get_noc_multicast_encoding(uint8_t, const CoreRange &r) const {
  return static_cast<uint32_t>((r.end_coord.y << 18) | (r.end_coord.x << 12) |
                               (r.start_coord.y << 6) | r.start_coord.x);
}

CommandQueue &IDevice::command_queue(std::size_t cq_id) {
  TT_FATAL(cq_id == 0, "the emulator has one command queue, not {}", cq_id + 1);
  return *cq_;
}

bool IDevice::close() {
  closed_ = true;
  return true;
}

std::size_t GetNumAvailableDevices() { return 1; }
std::size_t GetNumPCIeDevices() { return 1; }

IDevice *CreateDevice(ChipId device_id, std::uint8_t, std::size_t, std::size_t,
                      const DispatchCoreConfig &,
                      const std::vector<std::uint32_t> &, std::size_t) {
  return new IDevice(device_id);
}

IDevice *CreateDeviceMinimal(ChipId device_id, std::uint8_t,
                             const DispatchCoreConfig &) {
  return new IDevice(device_id);
}

bool CloseDevice(IDevice *device) {
  if (!device)
    return false;
  device->close();
  // Buffers keep the device state alive through their own reference.
  delete device;
  return true;
}

namespace distributed {

MeshDevice::MeshDevice(int id)
    : IDevice(id), mcq_(std::make_unique<MeshCommandQueue>(*this)) {}
MeshDevice::~MeshDevice() = default;

std::shared_ptr<MeshDevice>
MeshDevice::create_unit_mesh(int device_id, std::size_t, std::size_t,
                             std::size_t, const DispatchCoreConfig *,
                             tt::stl::Span<const std::uint32_t>, std::size_t) {
  return std::make_shared<MeshDevice>(device_id);
}

std::shared_ptr<MeshDevice> MeshDevice::create(const MeshDeviceConfig &config,
                                               std::size_t, std::size_t,
                                               std::size_t) {
  TT_FATAL(config.mesh_shape.mesh_size() == 1,
           "the emulator models a single chip; a mesh of {} devices was "
           "requested",
           config.mesh_shape.mesh_size());
  return std::make_shared<MeshDevice>(0);
}

MeshCommandQueue &MeshDevice::mesh_command_queue(std::optional<std::uint8_t> id) {
  TT_FATAL(!id || *id == 0, "the emulator has one command queue, not {}",
           id.value_or(0) + 1);
  return *mcq_;
}

MeshCoordinateRange::MeshCoordinateRange(const MeshShape &shape)
    : start_(MeshCoordinate::zero_coordinate(shape.dims())),
      end_(MeshCoordinate::zero_coordinate(shape.dims())) {
  std::vector<uint32_t> e;
  for (size_t i = 0; i < shape.dims(); ++i)
    e.push_back(shape[i] - 1);
  end_ = MeshCoordinate(e);
}

bool MeshCoordinateRange::contains(const MeshCoordinate &c) const {
  if (c.dims() != start_.dims())
    return false;
  for (size_t i = 0; i < c.dims(); ++i)
    if (c[i] < start_[i] || c[i] > end_[i])
      return false;
  return true;
}

std::size_t MeshCoordinateRange::size() const {
  std::size_t n = 1;
  for (size_t i = 0; i < start_.dims(); ++i)
    n *= end_[i] - start_[i] + 1;
  return n;
}

std::vector<MeshCoordinate> MeshCoordinateRange::coords() const {
  std::vector<MeshCoordinate> out;
  std::vector<uint32_t> cur = start_.coords();
  if (cur.empty())
    return out;
  for (;;) {
    out.emplace_back(cur);
    size_t d = cur.size();
    while (d > 0) {
      --d;
      if (cur[d] < end_[d]) {
        ++cur[d];
        break;
      }
      cur[d] = start_[d];
      if (d == 0)
        return out;
    }
  }
}

const std::vector<MeshCoordinate> &MeshCoordinateRange::coords_cache() const {
  cache_ = coords();
  return cache_;
}

} // namespace distributed
} // namespace tt::tt_metal
