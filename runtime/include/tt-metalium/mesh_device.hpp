// MeshDevice: the current API's device handle (a 1x1 mesh of one chip).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>

#include <tt-metalium/device.hpp>
#include <tt-metalium/mesh_coord.hpp>
#include <tt_stl/span.hpp>

namespace tt::tt_metal {
struct DispatchCoreConfig;
}

namespace tt::tt_metal::distributed {

class MeshCommandQueue;

struct MeshDeviceConfig {
  MeshDeviceConfig(const MeshShape &shape) : mesh_shape(shape) {}
  MeshDeviceConfig(const MeshShape &shape, const std::optional<MeshCoordinate> &)
      : mesh_shape(shape) {}
  MeshShape mesh_shape;
};

class MeshDevice : public IDevice {
public:
  explicit MeshDevice(int id);
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
  static std::shared_ptr<MeshDevice> create(const MeshDeviceConfig &config,
                                            std::size_t l1_small_size = 0,
                                            std::size_t trace_region_size = 0,
                                            std::size_t num_command_queues = 1);
  template <typename DispatchConfigT>
  static std::shared_ptr<MeshDevice>
  create(const MeshDeviceConfig &config, std::size_t l1_small_size,
         std::size_t trace_region_size, std::size_t num_command_queues,
         const DispatchConfigT &) {
    return create(config, l1_small_size, trace_region_size, num_command_queues);
  }

  MeshCommandQueue &mesh_command_queue(std::optional<std::uint8_t> cq_id = {});
  const MeshShape &shape() const { return shape_; }
  std::size_t num_devices() const { return 1; }
  std::size_t num_rows() const { return 1; }
  std::size_t num_cols() const { return 1; }
  IDevice *get_device(const MeshCoordinate &) { return this; }
  std::vector<IDevice *> get_devices() { return {this}; }

private:
  MeshShape shape_{1, 1};
  std::unique_ptr<MeshCommandQueue> mcq_;
};

} // namespace tt::tt_metal::distributed
