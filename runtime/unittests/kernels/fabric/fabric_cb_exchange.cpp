// Two chips fill their CB 0 in lock step, page by page, in the way
// 6_distributed_fabric_matmul's reader does: page p belongs to chip p % 2,
// which reads it from its `src` and sends it into the other chip's CB slot
// (the same get_write_ptr address there) with a fused write + increment,
// then waits for the other's acknowledgement (a header-only atomic
// increment). Both then write the page from their CB to their `dst`.
// Addresses are as tt-metal's kernels build them: worker (0, 0) at the
// translated coordinates (18, 18), headers passed as (uint32_t) pointers.
//
// Compile-time args: TensorAccessorArgs of src, then of dst.
// Runtime args: chip (0 or 1), semaphore address, src, dst, pages, then
// FabricConnectionManager's arguments.
#include <cstdint>

#include "api/dataflow/dataflow_api.h"
#include "tt_metal/fabric/hw/inc/edm_fabric/fabric_connection_manager.hpp"
#include "tt_metal/fabric/hw/inc/linear/api.h"
#include "tt_metal/fabric/hw/inc/packet_header_pool.h"

void kernel_main() {
  size_t arg = 0;
  uint32_t chip = get_arg_val<uint32_t>(arg++);
  uint32_t sem_addr = get_arg_val<uint32_t>(arg++);
  uint32_t src_addr = get_arg_val<uint32_t>(arg++);
  uint32_t dst_addr = get_arg_val<uint32_t>(arg++);
  uint32_t pages = get_arg_val<uint32_t>(arg++);
  auto fabric = FabricConnectionManager::build_from_args<
      FabricConnectionManager::BuildFromArgsMode::BUILD_AND_OPEN_CONNECTION>(
      arg);
  tt::tt_fabric::WorkerToFabricEdmSender link =
      chip == 0 ? fabric.get_forward_connection()
                : fabric.get_backward_connection();

  constexpr uint32_t cb = 0;
  const uint32_t page = get_tile_size(cb);
  constexpr auto src_args = TensorAccessorArgs<0>();
  constexpr auto dst_args =
      TensorAccessorArgs<src_args.next_compile_time_args_offset()>();
  const auto src = TensorAccessor(src_args, src_addr, page);
  const auto dst = TensorAccessor(dst_args, dst_addr, page);
  auto *sem = reinterpret_cast<volatile tt_l1_ptr uint32_t *>(sem_addr);
  uint64_t sem_noc = safe_get_noc_addr(18, 18, sem_addr, 0);

  auto *data_hdr = PacketHeaderPool::allocate_header();
  auto *ack_hdr = PacketHeaderPool::allocate_header();
  ack_hdr->to_noc_unicast_atomic_inc(
      tt::tt_fabric::NocUnicastAtomicIncCommandHeader{sem_noc, 1u});
  fabric_set_unicast_route<false>(data_hdr, 1);
  fabric_set_unicast_route<false>(ack_hdr, 1);

  for (uint32_t p = 0; p < pages; ++p) {
    cb_reserve_back(cb, 1);
    uint32_t l1 = get_write_ptr(cb);
    if (p % 2 == chip) {
      noc_async_read_page(p, src, l1);
      noc_async_read_barrier();
      data_hdr->to_noc_fused_unicast_write_atomic_inc(
          NocUnicastAtomicIncFusedCommandHeader(safe_get_noc_addr(18, 18, l1),
                                                sem_noc, 1, true),
          page);
      link.wait_for_empty_write_slot();
      link.send_payload_without_header_non_blocking_from_address(l1, page);
      link.send_payload_flush_blocking_from_address((uint32_t)data_hdr,
                                                    sizeof(PACKET_HEADER_TYPE));
      noc_semaphore_wait_min(sem, p + 1);
    } else {
      noc_semaphore_wait_min(sem, p + 1);
      link.wait_for_empty_write_slot();
      link.send_payload_flush_blocking_from_address((uint32_t)ack_hdr,
                                                    sizeof(PACKET_HEADER_TYPE));
    }
    cb_push_back(cb, 1);
    cb_wait_front(cb, 1);
    noc_async_write_page(p, dst, get_read_ptr(cb));
    noc_async_write_barrier();
    cb_pop_front(cb, 1);
  }
  fabric.close();
}
