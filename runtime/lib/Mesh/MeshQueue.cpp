// Mesh command queues: workloads (or their capture into a trace), host
// transfers of replicated and sharded buffers, events between queues.
#include <tt-metalium/distributed.hpp>

#include <cstring>
#include <vector>

#include "Mesh/MeshState.h"

namespace tt::tt_metal::distributed {

namespace {

void checkOpen(MeshDevice *mesh) {
  TT_FATAL(mesh && mesh->is_initialized(), "the mesh device is closed");
}

void checkNotCapturing(MeshDevice *mesh, std::uint32_t cq, const char *what) {
  auto &m = mesh->emuMesh();
  TT_FATAL(!m.capturing || m.traces.at(*m.capturing).cq != cq,
           "{} on command queue {} while it captures trace {}: a trace holds "
           "workloads only",
           what, cq, *m.capturing);
}

/// Writes `bytes` at `offset` of chip-local buffer `b`.
void writeRegion(Buffer &b, const void *src, DeviceAddr offset, DeviceAddr bytes) {
  TT_FATAL(offset + bytes <= b.size(),
           "shard transfer: region of {} bytes at {} is past the {}-byte "
           "buffer",
           bytes, offset, b.size());
  if (offset == 0 && bytes == b.size()) {
    b.writeBytes(src, bytes);
    return;
  }
  std::vector<std::uint8_t> whole(b.size());
  b.readBytes(whole.data(), whole.size());
  std::memcpy(whole.data() + offset, src, bytes);
  b.writeBytes(whole.data(), whole.size());
}

void readRegion(const Buffer &b, void *dst, DeviceAddr offset, DeviceAddr bytes) {
  TT_FATAL(offset + bytes <= b.size(),
           "shard transfer: region of {} bytes at {} is past the {}-byte "
           "buffer",
           bytes, offset, b.size());
  std::vector<std::uint8_t> whole(b.size());
  b.readBytes(whole.data(), whole.size());
  std::memcpy(dst, whole.data() + offset, bytes);
}

/// tt-metal's sharded placement: the global buffer is walked shard by shard
/// (row-major over the shard grid); each shard goes to the next chip in the
/// shard orientation's order, or, along a replicated dimension, to each chip
/// of that row / column. `fn(chip, shardOffset, rowBytes, strideBytes,
/// rows)` moves one shard.
template <typename Fn>
void forEachShard(const MeshBuffer &buf, bool forRead, Fn fn) {
  const ShardedBufferConfig &c = buf.global_shard_spec();
  MeshDevice &mesh = *buf.device();
  auto g = c.global_buffer_shape;
  auto s = c.physical_shard_shape();
  DeviceAddr datum = c.compute_datum_size_bytes();
  DeviceAddr stride = datum * g.width();
  DeviceAddr rowBytes = datum * s.width();
  std::size_t shardsX = g.width() / s.width(), shardsY = g.height() / s.height();
  std::uint32_t devX = 0, devY = 0;
  std::uint32_t cols = mesh.num_cols(), rows = mesh.num_rows();
  auto [hRep, wRep] = c.replicated_dims();
  TT_FATAL(!forRead || !(hRep || wRep),
           "EnqueueReadMeshBuffer: cannot read a MeshBuffer replicated along "
           "a dimension (use ReadShard)");
  bool rowMajor = c.shard_orientation == ShardOrientation::ROW_MAJOR;
  for (std::size_t sy = 0; sy < shardsY; ++sy)
    for (std::size_t sx = 0; sx < shardsX; ++sx) {
      DeviceAddr off = sx * rowBytes + sy * stride * s.height();
      auto put = [&](std::uint32_t r, std::uint32_t col) {
        fn(MeshCoordinate(r, col), off, rowBytes, stride, s.height());
      };
      if (hRep && wRep) {
        for (std::uint32_t x = 0; x < cols; ++x)
          for (std::uint32_t y = 0; y < rows; ++y)
            put(y, x);
      } else if (hRep || wRep) {
        if (rowMajor) {
          for (std::uint32_t y = 0; y < rows; ++y)
            put(y, devX);
          ++devX;
        } else {
          for (std::uint32_t x = 0; x < cols; ++x)
            put(devY, x);
          ++devY;
        }
      } else {
        put(devY, devX);
        if (rowMajor) {
          if (++devX == cols) {
            devX = 0;
            ++devY;
          }
        } else if (++devY == rows) {
          devY = 0;
          ++devX;
        }
      }
    }
}

/// A host transfer of `bytes` to or from chip `coord` occupies queue `cq`
/// on that chip for the PCIe time.
void chargeTransfer(MeshDevice *mesh, std::uint32_t cq, const MeshCoordinate &coord,
                    DeviceAddr bytes) {
  std::uint32_t chip = mesh->chipIndex(coord);
  mesh->emuMesh().cqClock[cq][chip] +=
      ttemu::hostTransferCycles(mesh->get_device(coord)->arch(), bytes);
}

} // namespace

void MeshCommandQueue::enqueue_mesh_workload(MeshWorkload &workload, bool) {
  checkOpen(device_);
  auto &m = device_->emuMesh();
  if (m.capturing && m.traces.at(*m.capturing).cq == id_) {
    m.traces.at(*m.capturing).workloads.push_back(&workload);
    return;
  }
  ttemu::publishMeshRun(ttemu::runMeshWorkload(*device_, id_, workload),
                        "workload");
}

void MeshCommandQueue::enqueue_write_mesh_buffer(
    const std::shared_ptr<MeshBuffer> &buffer, const void *host, bool) {
  checkOpen(device_);
  checkNotCapturing(device_, id_, "EnqueueWriteMeshBuffer");
  if (buffer->global_layout() == MeshBufferLayout::REPLICATED) {
    for (const auto &coord : MeshCoordinateRange(device_->shape())) {
      Buffer *b = buffer->get_device_buffer(coord);
      b->writeBytes(host, b->size());
      chargeTransfer(device_, id_, coord, b->size());
    }
    return;
  }
  std::vector<std::uint8_t> shard(buffer->device_local_size());
  forEachShard(*buffer, false,
               [&](const MeshCoordinate &chip, DeviceAddr off, DeviceAddr row,
                   DeviceAddr stride, std::size_t rows) {
                 for (std::size_t r = 0; r < rows; ++r)
                   std::memcpy(shard.data() + r * row,
                               static_cast<const std::uint8_t *>(host) + off +
                                   r * stride,
                               row);
                 Buffer *b = buffer->get_device_buffer(chip);
                 b->writeBytes(shard.data(), b->size());
                 chargeTransfer(device_, id_, chip, b->size());
               });
}

void MeshCommandQueue::enqueue_read_mesh_buffer(
    void *host, const std::shared_ptr<MeshBuffer> &buffer, bool blocking) {
  checkOpen(device_);
  checkNotCapturing(device_, id_, "EnqueueReadMeshBuffer");
  TT_FATAL(blocking,
           "EnqueueReadMeshBuffer: non-blocking reads are not supported (as "
           "in tt-metal; use ReadShard)");
  if (buffer->global_layout() == MeshBufferLayout::REPLICATED) {
    TT_FATAL(device_->num_devices() == 1,
             "EnqueueReadMeshBuffer: a replicated MeshBuffer can only be read "
             "whole from a unit mesh, not a mesh of {} devices",
             device_->num_devices());
    Buffer *b = buffer->get_reference_buffer();
    b->readBytes(host, b->size());
    chargeTransfer(device_, id_, MeshCoordinate(0, 0), b->size());
    return;
  }
  std::vector<std::uint8_t> shard(buffer->device_local_size());
  forEachShard(*buffer, true,
               [&](const MeshCoordinate &chip, DeviceAddr off, DeviceAddr row,
                   DeviceAddr stride, std::size_t rows) {
                 Buffer *b = buffer->get_device_buffer(chip);
                 b->readBytes(shard.data(), b->size());
                 chargeTransfer(device_, id_, chip, b->size());
                 for (std::size_t r = 0; r < rows; ++r)
                   std::memcpy(static_cast<std::uint8_t *>(host) + off + r * stride,
                               shard.data() + r * row, row);
               });
}

/// One shard transfer per entry (WriteShard / ReadShard), each charged the
/// host link's time on its chip.
template <typename Copy>
static void
transferShards(MeshDevice *device, std::uint32_t queue,
               const std::shared_ptr<MeshBuffer> &buffer,
               const std::vector<MeshCommandQueue::ShardDataTransfer> &transfers,
               const char *what, Copy copy) {
  checkOpen(device);
  checkNotCapturing(device, queue, what);
  for (const auto &t : transfers) {
    Buffer *b = buffer->get_device_buffer(t.shard_coord);
    BufferRegion r = t.region.value_or(BufferRegion(0, b->size()));
    copy(*b, t.host_data, r);
    chargeTransfer(device, queue, t.shard_coord, r.size);
  }
}

void MeshCommandQueue::enqueue_write_shards(
    const std::shared_ptr<MeshBuffer> &buffer,
    const std::vector<ShardDataTransfer> &transfers, bool) {
  transferShards(device_, id_, buffer, transfers, "WriteShard",
                 [](Buffer &b, void *host, const BufferRegion &r) {
                   writeRegion(b, host, r.offset, r.size);
                 });
}

void MeshCommandQueue::enqueue_read_shards(
    const std::vector<ShardDataTransfer> &transfers,
    const std::shared_ptr<MeshBuffer> &buffer, bool) {
  transferShards(device_, id_, buffer, transfers, "ReadShard",
                 [](Buffer &b, void *host, const BufferRegion &r) {
                   readRegion(b, host, r.offset, r.size);
                 });
}

MeshEvent MeshCommandQueue::enqueue_record_event(
    tt::stl::Span<const SubDeviceId>, const std::optional<MeshCoordinateRange> &range) {
  checkOpen(device_);
  checkNotCapturing(device_, id_, "EnqueueRecordEvent");
  auto &m = device_->emuMesh();
  MeshCoordinateRange r = range.value_or(MeshCoordinateRange(device_->shape()));
  MeshEvent e(m.nextEvent++, device_, id_, r);
  std::map<std::uint32_t, std::uint64_t> at;
  for (const auto &coord : r) {
    std::uint32_t chip = device_->chipIndex(coord);
    at[chip] = m.cqClock[id_][chip];
  }
  e.emuSetCycles(std::move(at));
  return e;
}

MeshEvent MeshCommandQueue::enqueue_record_event_to_host(
    tt::stl::Span<const SubDeviceId> ids, const std::optional<MeshCoordinateRange> &range) {
  return enqueue_record_event(ids, range);
}

void MeshCommandQueue::enqueue_wait_for_event(const MeshEvent &event) {
  checkOpen(device_);
  TT_FATAL(event.device() == device_,
           "EnqueueWaitForEvent: the event was recorded on another mesh");
  auto &m = device_->emuMesh();
  // This queue's later commands on each chip of the event's range start no
  // earlier than the recording queue reached the event there.
  for (const auto &[chip, cycle] : event.emuCycles())
    m.cqClock[id_][chip] = std::max(m.cqClock[id_][chip], cycle);
}

} // namespace tt::tt_metal::distributed
