// The current (mesh) host API: enqueue workloads and buffer transfers.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>

#include <tt-metalium/assert.hpp>
#include <vector>

#include <tt-metalium/mesh_buffer.hpp>
#include <tt-metalium/mesh_command_queue.hpp>
#include <tt-metalium/mesh_coord.hpp>
#include <tt-metalium/mesh_device.hpp>
#include <tt-metalium/mesh_workload.hpp>

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

template <typename T, typename A>
void EnqueueReadMeshBuffer(MeshCommandQueue &cq, std::vector<T, A> &dst,
                           const std::shared_ptr<MeshBuffer> &buffer,
                           bool blocking = true) {
  dst.resize((buffer->size() + sizeof(T) - 1) / sizeof(T));
  cq.enqueue_read_mesh_buffer(dst.data(), buffer, blocking);
}

template <typename T, typename A>
void WriteShard(MeshCommandQueue &cq, const std::shared_ptr<MeshBuffer> &buffer,
                std::vector<T, A> &src, const MeshCoordinate &,
                bool blocking = false) {
  EnqueueWriteMeshBuffer(cq, buffer, src, blocking);
}

template <typename T, typename A>
void ReadShard(MeshCommandQueue &cq, std::vector<T, A> &dst,
               const std::shared_ptr<MeshBuffer> &buffer,
               const MeshCoordinate &, bool blocking = true) {
  EnqueueReadMeshBuffer(cq, dst, buffer, blocking);
}

inline void Finish(MeshCommandQueue &cq) { cq.finish(); }
inline void Synchronize(MeshDevice *, std::optional<std::uint8_t> = {}) {}

} // namespace tt::tt_metal::distributed
