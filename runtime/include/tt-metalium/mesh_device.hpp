// MeshDevice: a mesh of emulated chips (1x1 up to 4x8), each with its own
// worker grid, L1 and DRAM. The MeshDevice object is itself the chip at
// (0, 0) (an IDevice, as a unit mesh has always been); the others are owned
// by it. See docs/MESH.md.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <map>
#include <memory>
#include <optional>
#include <vector>

#include <tt-metalium/device.hpp>
#include <tt-metalium/dispatch_core_common.hpp>
#include <tt-metalium/experimental/fabric/fabric_types.hpp>
#include <tt-metalium/hal_types.hpp>
#include <tt-metalium/mesh_config.hpp>
#include <tt-metalium/mesh_coord.hpp>
#include <tt-metalium/mesh_trace_id.hpp>
#include <tt-metalium/sub_device.hpp>
#include <tt-metalium/sub_device_types.hpp>
#include <tt_stl/span.hpp>

namespace tt::tt_metal {
struct DispatchCoreConfig;
}

namespace ttemu {
struct MeshState;
}

namespace tt::tt_metal::distributed {

class MeshCommandQueue;

class MeshDevice : public IDevice {
public:
  /// A unit mesh (chip `id`); create() builds larger ones.
  explicit MeshDevice(int id);
  MeshDevice(const MeshShape &shape, std::size_t num_command_queues,
             int first_device_id = 0);
  ~MeshDevice() override;

  static std::shared_ptr<MeshDevice>
  create_unit_mesh(int device_id, std::size_t l1_small_size = 0,
                   std::size_t trace_region_size = 0,
                   std::size_t num_command_queues = 1,
                   const DispatchCoreConfig *dispatch_core_config = nullptr,
                   tt::stl::Span<const std::uint32_t> l1_bank_remap = {},
                   std::size_t worker_l1_size = 0);
  template <typename DispatchConfigT>
  static std::shared_ptr<MeshDevice>
  create_unit_mesh(int device_id, std::size_t l1_small_size,
                   std::size_t trace_region_size, std::size_t num_command_queues,
                   const DispatchConfigT &, tt::stl::Span<const std::uint32_t> = {},
                   std::size_t worker_l1_size = 0) {
    return create_unit_mesh(device_id, l1_small_size, trace_region_size,
                            num_command_queues, nullptr, {}, worker_l1_size);
  }
  /// Shapes up to 32 chips (a Galaxy's 4x8); 1x2 is an n300, 2x4 a T3000.
  static std::shared_ptr<MeshDevice> create(const MeshDeviceConfig &config,
                                            std::size_t l1_small_size = 0,
                                            std::size_t trace_region_size = 0,
                                            std::size_t num_command_queues = 1);
  template <typename DispatchConfigT>
  static std::shared_ptr<MeshDevice>
  create(const MeshDeviceConfig &config, std::size_t l1_small_size,
         std::size_t trace_region_size, std::size_t num_command_queues,
         const DispatchConfigT &, tt::stl::Span<const std::uint32_t> = {},
         std::size_t = 0) {
    return create(config, l1_small_size, trace_region_size, num_command_queues);
  }

  MeshCommandQueue &mesh_command_queue(std::optional<std::uint8_t> cq_id = {});
  std::uint8_t num_hw_cqs() const;
  const MeshShape &shape() const { return shape_; }
  std::size_t num_devices() const { return shape_.mesh_size(); }
  std::size_t num_rows() const { return shape_.dims() > 1 ? shape_[0] : 1; }
  std::size_t num_cols() const {
    return shape_.dims() > 1 ? shape_[1] : shape_[0];
  }
  IDevice *get_device(const MeshCoordinate &coord) const;
  IDevice *get_device(std::size_t row, std::size_t col) const {
    return get_device(MeshCoordinate(static_cast<std::uint32_t>(row),
                                     static_cast<std::uint32_t>(col)));
  }
  std::vector<IDevice *> get_devices() const { return chips_; }
  bool is_local(const MeshCoordinate &coord) const;
  /// Row-major index of `coord` in the mesh (an error outside it).
  std::uint32_t chipIndex(const MeshCoordinate &coord) const;
  bool close();

  // Sub-devices: one configuration is loaded at a time, the same on every
  // chip; without one, the whole grid is sub-device 0.
  SubDeviceManagerId create_sub_device_manager(std::initializer_list<SubDevice> sub_devices,
                                               DeviceAddr local_l1_size);
  SubDeviceManagerId create_sub_device_manager(tt::stl::Span<const SubDevice> sub_devices,
                                               DeviceAddr local_l1_size);
  void load_sub_device_manager(SubDeviceManagerId id);
  void clear_loaded_sub_device_manager();
  void remove_sub_device_manager(SubDeviceManagerId id);
  std::vector<SubDeviceId> get_sub_device_ids() const;
  std::uint32_t num_sub_devices() const;
  void set_sub_device_stall_group(tt::stl::Span<const SubDeviceId>) {}
  void reset_sub_device_stall_group() {}
  /// The loaded sub-devices (empty without a configuration).
  const std::vector<SubDevice> &emuSubDevices() const;

  // Traces, as BeginTraceCapture & co. in distributed.hpp.
  MeshTraceId begin_mesh_trace(std::uint8_t cq_id);
  void end_mesh_trace(std::uint8_t cq_id, const MeshTraceId &trace_id);
  void replay_mesh_trace(std::uint8_t cq_id, const MeshTraceId &trace_id,
                         bool blocking);
  void release_mesh_trace(const MeshTraceId &trace_id);
  // Revisions of the distributed examples name the queue itself.
  MeshTraceId begin_mesh_trace(MeshCommandQueue &cq);
  void end_mesh_trace(MeshCommandQueue &cq, const MeshTraceId &trace_id);
  void replay_mesh_trace(MeshCommandQueue &cq, const MeshTraceId &trace_id,
                         bool blocking);

  /// The chip at `coord` as the fabric names it: mesh 0, its row-major
  /// index.
  tt::tt_fabric::FabricNodeId
  get_fabric_node_id(const MeshCoordinate &coord) const;
  /// The worker cores of a sub-device (the whole grid without a loaded
  /// configuration).
  CoreRangeSet worker_cores(HalProgrammableCoreType core_type,
                            SubDeviceId sub_device_id) const;
  /// The fabric configuration the mesh was opened with.
  tt::tt_fabric::FabricConfig emuFabricConfig() const;

  /// Emulator internals: queues' clocks, traces, sub-devices.
  ttemu::MeshState &emuMesh() const { return *mesh_; }

private:
  MeshShape shape_{1, 1};
  std::vector<std::unique_ptr<IDevice>> owned_; // chips other than this one
  std::vector<IDevice *> chips_;                // row-major, [0] == this
  std::vector<std::unique_ptr<MeshCommandQueue>> cqs_;
  std::unique_ptr<ttemu::MeshState> mesh_;
};

} // namespace tt::tt_metal::distributed
