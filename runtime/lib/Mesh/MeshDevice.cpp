// MeshDevice: the chips of a mesh, its command queues, sub-device
// configurations and traces; mesh coordinates and ranges.
#include <tt-metalium/distributed.hpp>
#include <tt-metalium/experimental/fabric/fabric.hpp>
#include <tt-metalium/mesh_command_queue.hpp>
#include <tt-metalium/mesh_device.hpp>

#include "Device/DeviceState.h"
#include "Fabric/FabricHost.h"
#include "Mesh/MeshState.h"

namespace tt::tt_metal::distributed {

namespace {
// Enough for a Galaxy (4x8); each chip maps its L1 below 4 GiB, which
// bounds how many one process can hold.
constexpr std::size_t kMaxChips = 32;
} // namespace

MeshDevice::MeshDevice(int id) : MeshDevice(MeshShape(1, 1), 1, id) {}

MeshDevice::MeshDevice(const MeshShape &shape, std::size_t numCqs, int firstId)
    : IDevice(firstId), shape_(shape) {
  TT_FATAL(shape.dims() == 2 || shape.dims() == 1,
           "MeshDevice: a mesh shape has 1 or 2 dimensions, not {}",
           shape.dims());
  std::size_t n = shape.mesh_size();
  TT_FATAL(n >= 1 && n <= kMaxChips,
           "MeshDevice: a mesh of {} chips was requested; the emulator holds "
           "1 to {} (up to a 4x8 Galaxy)",
           n, kMaxChips);
  TT_FATAL(numCqs >= 1 && numCqs <= 2,
           "MeshDevice: {} command queues requested; tt-metal devices have 1 "
           "or 2",
           numCqs);
  chips_.push_back(this);
  for (std::size_t i = 1; i < n; ++i) {
    owned_.push_back(std::make_unique<IDevice>(firstId + static_cast<int>(i)));
    chips_.push_back(owned_.back().get());
  }
  for (std::size_t q = 0; q < numCqs; ++q)
    cqs_.push_back(std::make_unique<MeshCommandQueue>(*this, q));
  mesh_ = std::make_unique<ttemu::MeshState>(n, numCqs);
  // The fabric is chosen before a mesh is opened (SetFabricConfig), as in
  // tt-metal; a unit mesh has no links to use.
  mesh_->fabric = tt::tt_fabric::GetFabricConfig();
  if (mesh_->fabric != tt::tt_fabric::FabricConfig::DISABLED && n > 1)
    ttemu::registerFabricMesh(static_cast<std::uint32_t>(num_rows()),
                              static_cast<std::uint32_t>(num_cols()),
                              emuState()->arch.arch);
}

tt::tt_fabric::FabricNodeId
MeshDevice::get_fabric_node_id(const MeshCoordinate &coord) const {
  return tt::tt_fabric::FabricNodeId(tt::tt_fabric::MeshId{0},
                                     chipIndex(coord));
}

CoreRangeSet MeshDevice::worker_cores(HalProgrammableCoreType core_type,
                                      SubDeviceId sub_device_id) const {
  TT_FATAL(core_type == HalProgrammableCoreType::TENSIX,
           "worker_cores: the emulator's chips have Tensix workers only");
  const auto &subs = emuSubDevices();
  if (subs.empty()) {
    TT_FATAL(*sub_device_id == 0,
             "worker_cores: no sub-device {} (no sub-device configuration is "
             "loaded)",
             *sub_device_id);
    CoreCoord g = compute_with_storage_grid_size();
    return CoreRangeSet(CoreRange({0, 0}, {g.x - 1, g.y - 1}));
  }
  TT_FATAL(*sub_device_id < subs.size(),
           "worker_cores: no sub-device {} (the loaded configuration has {})",
           *sub_device_id, subs.size());
  return subs[*sub_device_id].cores(HalProgrammableCoreType::TENSIX);
}

tt::tt_fabric::FabricConfig MeshDevice::emuFabricConfig() const {
  return mesh_->fabric;
}

MeshDevice::~MeshDevice() = default;

std::shared_ptr<MeshDevice>
MeshDevice::create_unit_mesh(int device_id, std::size_t, std::size_t,
                             std::size_t num_command_queues,
                             const DispatchCoreConfig *,
                             tt::stl::Span<const std::uint32_t>, std::size_t) {
  return std::make_shared<MeshDevice>(MeshShape(1, 1), num_command_queues,
                                      device_id);
}

std::shared_ptr<MeshDevice> MeshDevice::create(const MeshDeviceConfig &config,
                                               std::size_t, std::size_t,
                                               std::size_t num_command_queues) {
  return std::make_shared<MeshDevice>(config.mesh_shape(), num_command_queues);
}

MeshCommandQueue &MeshDevice::mesh_command_queue(std::optional<std::uint8_t> id) {
  std::size_t q = id.value_or(0);
  TT_FATAL(q < cqs_.size(),
           "mesh_command_queue({}): the mesh was opened with {} command "
           "queue(s) (MeshDevice::create's num_command_queues)",
           q, cqs_.size());
  return *cqs_[q];
}

std::uint8_t MeshDevice::num_hw_cqs() const {
  return static_cast<std::uint8_t>(cqs_.size());
}

std::uint32_t MeshDevice::chipIndex(const MeshCoordinate &c) const {
  if (shape_.dims() == 1 && c.dims() == 2 && c[0] == 0 && c[1] < shape_[0])
    return c[1];
  TT_FATAL(c.dims() == shape_.dims() && MeshCoordinateRange(shape_).contains(c),
           "{} is outside the {}x{} mesh", c.str(), num_rows(), num_cols());
  std::uint32_t idx = 0;
  for (std::size_t i = 0; i < c.dims(); ++i)
    idx = idx * shape_[i] + c[i];
  return idx;
}

IDevice *MeshDevice::get_device(const MeshCoordinate &coord) const {
  return chips_[chipIndex(coord)];
}

bool MeshDevice::is_local(const MeshCoordinate &coord) const {
  return coord.dims() == shape_.dims() &&
         MeshCoordinateRange(shape_).contains(coord);
}

bool MeshDevice::close() {
  for (IDevice *chip : chips_)
    chip->close();
  return true;
}

SubDeviceManagerId
MeshDevice::create_sub_device_manager(std::initializer_list<SubDevice> sub_devices,
                                      DeviceAddr l1) {
  std::vector<SubDevice> v(sub_devices);
  return create_sub_device_manager(tt::stl::Span<const SubDevice>(v.data(), v.size()),
                                   l1);
}

SubDeviceManagerId
MeshDevice::create_sub_device_manager(tt::stl::Span<const SubDevice> sub_devices,
                                      DeviceAddr) {
  TT_FATAL(!sub_devices.empty(), "create_sub_device_manager: no sub-devices");
  CoreCoord grid = compute_with_storage_grid_size();
  std::vector<SubDevice> subs(sub_devices.begin(), sub_devices.end());
  for (std::size_t i = 0; i < subs.size(); ++i) {
    TT_FATAL(!subs[i].has_core_type(HalProgrammableCoreType::ACTIVE_ETH),
             "sub-device {} has Ethernet cores; the emulator models none", i);
    const CoreRangeSet &cores = subs[i].cores(HalProgrammableCoreType::TENSIX);
    for (const CoreRange &r : cores.ranges())
      TT_FATAL(r.end_coord.x < grid.x && r.end_coord.y < grid.y,
               "sub-device {}: cores {} are outside the {}x{} worker grid", i,
               cores.str(), grid.x, grid.y);
    for (std::size_t j = 0; j < i; ++j)
      for (const CoreRange &r : cores.ranges())
        TT_FATAL(!subs[j].cores(HalProgrammableCoreType::TENSIX).intersects(r),
                 "sub-devices {} and {} share cores ({})", j, i, cores.str());
  }
  auto &m = *mesh_;
  std::uint64_t id = m.nextManager++;
  m.subDeviceManagers.emplace(id, std::move(subs));
  return SubDeviceManagerId{id};
}

void MeshDevice::load_sub_device_manager(SubDeviceManagerId id) {
  TT_FATAL(mesh_->subDeviceManagers.count(*id),
           "load_sub_device_manager: no sub-device manager {}", *id);
  mesh_->loadedManager = *id;
}

void MeshDevice::clear_loaded_sub_device_manager() { mesh_->loadedManager.reset(); }

void MeshDevice::remove_sub_device_manager(SubDeviceManagerId id) {
  TT_FATAL(mesh_->loadedManager != *id,
           "remove_sub_device_manager: manager {} is loaded", *id);
  mesh_->subDeviceManagers.erase(*id);
}

const std::vector<SubDevice> &MeshDevice::emuSubDevices() const {
  static const std::vector<SubDevice> none;
  if (!mesh_->loadedManager)
    return none;
  return mesh_->subDeviceManagers.at(*mesh_->loadedManager);
}

std::uint32_t MeshDevice::num_sub_devices() const {
  auto n = emuSubDevices().size();
  return n ? static_cast<std::uint32_t>(n) : 1;
}

std::vector<SubDeviceId> MeshDevice::get_sub_device_ids() const {
  std::vector<SubDeviceId> out;
  for (std::uint32_t i = 0; i < num_sub_devices(); ++i)
    out.push_back(SubDeviceId{static_cast<std::uint8_t>(i)});
  return out;
}

MeshTraceId MeshDevice::begin_mesh_trace(std::uint8_t cq_id) {
  mesh_command_queue(cq_id);
  auto &m = *mesh_;
  TT_FATAL(!m.capturing, "BeginTraceCapture: trace {} is still being captured",
           m.capturing.value_or(0));
  std::uint32_t id = m.nextTrace++;
  m.traces[id].cq = cq_id;
  m.capturing = id;
  return MeshTraceId{id};
}

void MeshDevice::end_mesh_trace(std::uint8_t cq_id, const MeshTraceId &trace_id) {
  auto &m = *mesh_;
  TT_FATAL(m.capturing == *trace_id,
           "EndTraceCapture: trace {} is not being captured", *trace_id);
  TT_FATAL(m.traces.at(*trace_id).cq == cq_id,
           "EndTraceCapture: trace {} was begun on command queue {}, not {}",
           *trace_id, m.traces.at(*trace_id).cq, cq_id);
  m.traces.at(*trace_id).ended = true;
  m.capturing.reset();
}

void MeshDevice::replay_mesh_trace(std::uint8_t cq_id, const MeshTraceId &trace_id,
                                   bool) {
  auto &m = *mesh_;
  auto it = m.traces.find(*trace_id);
  TT_FATAL(it != m.traces.end() && it->second.ended,
           "ReplayTrace: no captured trace {} (released, or EndTraceCapture "
           "not called)",
           *trace_id);
  TT_FATAL(!m.capturing, "ReplayTrace: trace {} is being captured",
           m.capturing.value_or(0));
  ttemu::MeshRunStats all;
  all.cq = cq_id;
  bool first = true;
  for (MeshWorkload *w : it->second.workloads) {
    ttemu::MeshRunStats s = ttemu::runMeshWorkload(*this, cq_id, *w);
    if (first || s.startCycle < all.startCycle)
      all.startCycle = s.startCycle;
    all.endCycle = std::max(all.endCycle, s.endCycle);
    for (auto &c : s.chips)
      all.chips.push_back(std::move(c));
    all.fabricPackets += s.fabricPackets;
    all.fabricLinkBytes += s.fabricLinkBytes;
    first = false;
    ++all.workloads;
  }
  all.deviceCycles = all.endCycle - all.startCycle;
  ttemu::publishMeshRun(all, "trace replay");
}

void MeshDevice::release_mesh_trace(const MeshTraceId &trace_id) {
  TT_FATAL(mesh_->capturing != *trace_id,
           "ReleaseTrace: trace {} is still being captured", *trace_id);
  TT_FATAL(mesh_->traces.erase(*trace_id) == 1,
           "ReleaseTrace: no trace {}", *trace_id);
}

MeshTraceId MeshDevice::begin_mesh_trace(MeshCommandQueue &cq) {
  return begin_mesh_trace(static_cast<std::uint8_t>(cq.id()));
}
void MeshDevice::end_mesh_trace(MeshCommandQueue &cq, const MeshTraceId &trace_id) {
  end_mesh_trace(static_cast<std::uint8_t>(cq.id()), trace_id);
}
void MeshDevice::replay_mesh_trace(MeshCommandQueue &cq, const MeshTraceId &trace_id,
                                   bool blocking) {
  replay_mesh_trace(static_cast<std::uint8_t>(cq.id()), trace_id, blocking);
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
  // Filled once: begin() and end() must point into the same vector.
  if (cache_.empty())
    cache_ = coords();
  return cache_;
}

} // namespace tt::tt_metal::distributed
