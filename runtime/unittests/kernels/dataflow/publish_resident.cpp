// Makes `n` pages of a CB on a sharded buffer visible to the consumer
// without moving data: the shard is already in L1, so reserving and pushing
// only publishes it (the usual reader of a sharded input).
#include <cstdint>

#include "api/dataflow/dataflow_api.h"

void kernel_main() {
  constexpr uint32_t cb = get_compile_time_arg_val(0);
  uint32_t n = get_arg_val<uint32_t>(0);
  cb_reserve_back(cb, n);
  cb_push_back(cb, n);
}
