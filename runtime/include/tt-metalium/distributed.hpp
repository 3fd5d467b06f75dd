// The current (mesh) host API: workloads, buffer transfers, events and
// traces over a MeshDevice. Like tt-metal's, including this alone gives
// the rest of the host API (CreateProgram, CreateKernel, ComputeConfig,
// tt::CBIndex, ...) through its includes.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include <tt-metalium/assert.hpp>
#include <tt-metalium/buffer.hpp>
#include <tt-metalium/host_api.hpp>
#include <tt-metalium/mesh_buffer.hpp>
#include <tt-metalium/mesh_command_queue.hpp>
#include <tt-metalium/mesh_config.hpp>
#include <tt-metalium/mesh_coord.hpp>
#include <tt-metalium/mesh_device.hpp>
#include <tt-metalium/mesh_event.hpp>
#include <tt-metalium/mesh_trace_id.hpp>
#include <tt-metalium/mesh_workload.hpp>
#include <tt-metalium/sub_device_types.hpp>
#include <tt_stl/span.hpp>

namespace tt::tt_metal::distributed {

inline void EnqueueMeshWorkload(MeshCommandQueue &cq, MeshWorkload &workload,
                                bool blocking) {
  cq.enqueue_mesh_workload(workload, blocking);
}

template <typename T, typename A>
void EnqueueWriteMeshBuffer(MeshCommandQueue &cq,
                            const std::shared_ptr<MeshBuffer> &buffer,
                            const std::vector<T, A> &src, bool blocking = false) {
  std::size_t bytes = src.size() * sizeof(T);
  TT_FATAL(bytes >= buffer->size(),
           "EnqueueWriteMeshBuffer: host vector holds {} bytes but the buffer "
           "is {} bytes",
           bytes, buffer->size());
  cq.enqueue_write_mesh_buffer(buffer, src.data(), blocking);
}

/// A sharded buffer is read whole (every chip's shard, in place); a
/// replicated one only from a unit mesh, as in tt-metal (ReadShard reads
/// one chip's copy).
template <typename T, typename A>
void EnqueueReadMeshBuffer(MeshCommandQueue &cq, std::vector<T, A> &dst,
                           const std::shared_ptr<MeshBuffer> &buffer,
                           bool blocking = true) {
  TT_FATAL(buffer->global_layout() == MeshBufferLayout::SHARDED ||
               buffer->device()->num_devices() == 1,
           "EnqueueReadMeshBuffer: can only read a sharded MeshBuffer from a "
           "mesh of {} devices (use ReadShard for one chip's copy of a "
           "replicated buffer)",
           buffer->device()->num_devices());
  dst.resize((buffer->size() + sizeof(T) - 1) / sizeof(T));
  cq.enqueue_read_mesh_buffer(dst.data(), buffer, blocking);
}

template <typename T, typename A>
void WriteShard(MeshCommandQueue &cq, const std::shared_ptr<MeshBuffer> &buffer,
                std::vector<T, A> &src, const MeshCoordinate &coord,
                bool blocking = false) {
  TT_FATAL(src.size() * sizeof(T) >= buffer->device_local_size(),
           "WriteShard: host vector holds {} bytes but the shard on {} is {} "
           "bytes",
           src.size() * sizeof(T), coord.str(), buffer->device_local_size());
  cq.enqueue_write_shards(buffer, {{coord, src.data(), std::nullopt}}, blocking);
}

template <typename T, typename A>
void ReadShard(MeshCommandQueue &cq, std::vector<T, A> &dst,
               const std::shared_ptr<MeshBuffer> &buffer,
               const MeshCoordinate &coord, bool blocking = true) {
  dst.resize((buffer->device_local_size() + sizeof(T) - 1) / sizeof(T));
  cq.enqueue_read_shards({{coord, dst.data(), std::nullopt}}, buffer, blocking);
}

inline MeshEvent
EnqueueRecordEvent(MeshCommandQueue &cq,
                   tt::stl::Span<const SubDeviceId> sub_device_ids = {},
                   const std::optional<MeshCoordinateRange> &range = std::nullopt) {
  return cq.enqueue_record_event(sub_device_ids, range);
}
inline MeshEvent EnqueueRecordEventToHost(
    MeshCommandQueue &cq, tt::stl::Span<const SubDeviceId> sub_device_ids = {},
    const std::optional<MeshCoordinateRange> &range = std::nullopt) {
  return cq.enqueue_record_event_to_host(sub_device_ids, range);
}
inline void EnqueueWaitForEvent(MeshCommandQueue &cq, const MeshEvent &event) {
  cq.enqueue_wait_for_event(event);
}
/// Every command has completed when enqueued: nothing to wait for.
inline void EventSynchronize(const MeshEvent &) {}
inline bool EventQuery(const MeshEvent &) { return true; }

inline MeshTraceId BeginTraceCapture(MeshDevice *device, std::uint8_t cq_id) {
  return device->begin_mesh_trace(cq_id);
}
inline void EndTraceCapture(MeshDevice *device, std::uint8_t cq_id,
                            const MeshTraceId &trace_id) {
  device->end_mesh_trace(cq_id, trace_id);
}
inline void ReplayTrace(MeshDevice *device, std::uint8_t cq_id,
                        const MeshTraceId &trace_id, bool blocking) {
  device->replay_mesh_trace(cq_id, trace_id, blocking);
}
inline void ReleaseTrace(MeshDevice *device, const MeshTraceId &trace_id) {
  device->release_mesh_trace(trace_id);
}

inline void Finish(MeshCommandQueue &cq,
                   tt::stl::Span<const SubDeviceId> sub_device_ids = {}) {
  cq.finish(sub_device_ids);
}
inline void Synchronize(MeshDevice *, std::optional<std::uint8_t> = {},
                        tt::stl::Span<const SubDeviceId> = {}) {}
/// One host process drives the whole mesh (no MPI).
inline bool UsingDistributedEnvironment() { return false; }

} // namespace tt::tt_metal::distributed
