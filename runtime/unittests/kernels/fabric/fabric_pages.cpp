// Sends pages of a DRAM buffer to other chips over the fabric, as
// tt-metal's fabric examples do: each page is read into CB 0, then sent
// with a fused write + atomic increment (the write lands at the same page
// of `dst` on the destination chips, the increment on the global semaphore
// of this core there), over a unicast or a 1D multicast route. Then it
// waits until `expected` increments have reached its own semaphore.
//
// Compile-time args: TensorAccessorArgs of src, then of dst.
// Runtime args: semaphore address, src address, dst address, first page,
// pages, start hops, range hops, times each page is sent, expected
// increments, then FabricConnectionManager's arguments.
#include <cstdint>

#include "api/dataflow/dataflow_api.h"
#include "cpp/ttnn/operations/ccl/common/kernels/minimal_ccl_common.hpp"
#include "tt_metal/fabric/hw/inc/edm_fabric/fabric_connection_manager.hpp"
#include "tt_metal/fabric/hw/inc/linear/api.h"
#include "tt_metal/fabric/hw/inc/packet_header_pool.h"

void kernel_main() {
  size_t arg = 0;
  uint32_t sem_addr = get_arg_val<uint32_t>(arg++);
  uint32_t src_addr = get_arg_val<uint32_t>(arg++);
  uint32_t dst_addr = get_arg_val<uint32_t>(arg++);
  uint32_t first = get_arg_val<uint32_t>(arg++);
  uint32_t pages = get_arg_val<uint32_t>(arg++);
  uint32_t start_hops = get_arg_val<uint32_t>(arg++);
  uint32_t range_hops = get_arg_val<uint32_t>(arg++);
  uint32_t repeat = get_arg_val<uint32_t>(arg++);
  uint32_t expected = get_arg_val<uint32_t>(arg++);
  auto fabric = FabricConnectionManager::build_from_args<
      FabricConnectionManager::BuildFromArgsMode::BUILD_AND_OPEN_CONNECTION>(
      arg);

  constexpr uint32_t cb = 0;
  const uint32_t page_bytes = get_tile_size(cb);
  constexpr auto src_args = TensorAccessorArgs<0>();
  constexpr auto dst_args =
      TensorAccessorArgs<src_args.next_compile_time_args_offset()>();
  const auto src = TensorAccessor(src_args, src_addr, page_bytes);
  const auto dst = TensorAccessor(dst_args, dst_addr, page_bytes);
  uint64_t sem_noc = get_noc_addr(my_x[noc_index], my_y[noc_index], sem_addr);

  if (fabric.is_logically_connected() && pages > 0) {
    auto &link = fabric.has_forward_connection()
                     ? fabric.get_forward_connection()
                     : fabric.get_backward_connection();
    auto *hdr = PacketHeaderPool::allocate_header();
    if (range_hops == 1)
      fabric_set_unicast_route<false>(hdr, start_hops);
    else
      fabric_set_mcast_route(hdr, start_hops, range_hops);
    for (uint32_t p = first; p < first + pages; ++p) {
      cb_reserve_back(cb, 1);
      uint32_t l1 = get_write_ptr(cb);
      noc_async_read_page(p, src, l1);
      noc_async_read_barrier();
      for (uint32_t i = 0; i < repeat; ++i) {
        hdr->to_noc_fused_unicast_write_atomic_inc(
            NocUnicastAtomicIncFusedCommandHeader(dst.get_noc_addr(p), sem_noc,
                                                  1, true),
            page_bytes);
        perform_payload_send<true>(link, l1, page_bytes, hdr);
      }
      cb_push_back(cb, 1);
      cb_wait_front(cb, 1);
      cb_pop_front(cb, 1);
    }
  }
  noc_semaphore_wait_min(
      reinterpret_cast<volatile tt_l1_ptr uint32_t *>(sem_addr), expected);
  if (fabric.is_logically_connected())
    fabric.close();
}
