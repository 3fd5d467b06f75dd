// Device handles: IDevice, one emulated chip (classic API). MeshDevice, a
// mesh of them, is in Mesh/MeshDevice.cpp.
#include <tt-metalium/command_queue.hpp>
#include <tt-metalium/device.hpp>
#include <tt-metalium/host_api.hpp>

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

} // namespace tt::tt_metal
