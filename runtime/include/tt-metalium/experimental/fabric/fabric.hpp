// tt-fabric's host API: enabling the fabric before a mesh is opened, the
// runtime arguments that connect a worker to a link, and the packet sizes
// (docs/MESH.md, "Fabric").
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include <tt-metalium/core_coord.hpp>
#include <tt-metalium/device.hpp>
#include <tt-metalium/experimental/fabric/fabric_types.hpp>
#include <tt-metalium/program.hpp>

namespace tt::tt_fabric {

/// Enables (or disables) the fabric for meshes opened from now on.
void SetFabricConfig(FabricConfig fabric_config,
                     FabricReliabilityMode reliability_mode =
                         FabricReliabilityMode::STRICT_SYSTEM_HEALTH_SETUP_MODE,
                     std::optional<uint8_t> num_routing_planes = std::nullopt);
FabricConfig GetFabricConfig();

/// Appends to `worker_args` the runtime arguments a kernel on `worker_core`
/// of chip `src` reads (WorkerToFabricEdmSender::build_from_args) to send
/// over link `link_idx` towards its neighbour `dst`.
void append_fabric_connection_rt_args(
    const FabricNodeId &src_fabric_node_id,
    const FabricNodeId &dst_fabric_node_id, uint32_t link_idx,
    tt::tt_metal::Program &worker_program,
    const tt::tt_metal::CoreCoord &worker_core,
    std::vector<uint32_t> &worker_args,
    tt::tt_metal::CoreType core_type = tt::tt_metal::CoreType::WORKER);

/// sizeof(PACKET_HEADER_TYPE): 64 bytes.
size_t get_tt_fabric_packet_header_size_bytes();
/// The largest payload one packet carries (4352 bytes in 1D).
size_t get_tt_fabric_max_payload_size_bytes();
/// Links between neighbouring chips a kernel may use (link_idx below it).
size_t get_tt_fabric_num_links(const FabricNodeId &src,
                               const FabricNodeId &dst);

} // namespace tt::tt_fabric
