// IDevice: one emulated chip (its grid, L1, DRAM banks and command queue).
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include <tt-metalium/allocator.hpp>
#include <tt-metalium/base_types.hpp>
#include <tt-metalium/buffer_types.hpp>
#include <tt-metalium/core_coord.hpp>
#include <tt-metalium/kernel_types.hpp>

namespace ttemu {
class DeviceState;
} // namespace ttemu

namespace tt::tt_metal {

class CommandQueue;
using ChipId = int;
using chip_id_t = int;

enum class CoreType { WORKER, ETH, DRAM, PCIE, ARC, HARVESTED, ROUTER_ONLY, ACTIVE_ETH, IDLE_ETH, TENSIX = WORKER };

class IDevice {
public:
  explicit IDevice(int id);
  virtual ~IDevice();
  IDevice(const IDevice &) = delete;
  IDevice &operator=(const IDevice &) = delete;

  int id() const { return id_; }
  tt::ARCH arch() const;
  CoreCoord compute_with_storage_grid_size() const;
  CoreCoord logical_grid_size() const { return compute_with_storage_grid_size(); }
  CoreCoord grid_size() const { return compute_with_storage_grid_size(); }
  /// Logical worker core -> NOC ("virtual") coordinate kernels address.
  CoreCoord worker_core_from_logical_core(const CoreCoord &logical) const;
  CoreCoord virtual_core_from_logical_core(const CoreCoord &logical,
                                           CoreType = CoreType::WORKER) const {
    return worker_core_from_logical_core(logical);
  }
  CoreCoord physical_core_from_logical_core(const CoreCoord &logical,
                                            CoreType = CoreType::WORKER) const {
    return worker_core_from_logical_core(logical);
  }
  std::uint32_t num_dram_channels() const;
  /// Per DRAM bank, the logical worker next to it for reads on `noc` (the
  /// fewest hops from the bank's endpoint on the real chip's NOC).
  std::vector<CoreCoord>
  get_optimal_dram_bank_to_logical_worker_assignment(NOC noc = NOC::NOC_0);
  std::uint32_t dram_size_per_channel() const;
  std::uint32_t l1_size_per_core() const;
  std::uint32_t get_noc_unicast_encoding(std::uint8_t noc,
                                         const CoreCoord &core) const;
  std::uint32_t get_noc_multicast_encoding(std::uint8_t noc,
                                           const CoreRange &cores) const;
  bool is_initialized() const { return !closed_; }
  std::uint8_t num_hw_cqs() const { return 1; }
  CommandQueue &command_queue(std::size_t cq_id = 0);
  const std::unique_ptr<Allocator> &allocator() const { return allocator_; }
  bool close();

  /// Emulator internals.
  const std::shared_ptr<ttemu::DeviceState> &emuState() const { return state_; }

protected:
  int id_;
  bool closed_ = false;
  std::shared_ptr<ttemu::DeviceState> state_;
  std::unique_ptr<CommandQueue> cq_;
  std::unique_ptr<Allocator> allocator_;
};

using Device = IDevice;

} // namespace tt::tt_metal
