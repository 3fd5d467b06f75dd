// Hand-written GridToPersistentTT output for C = relu(A + B) on 64x64 bf16,
// one 32x32 tile per work item (IR_CONTRACTS.md shape). Runtime args:
// reader [addr:A, addr:B, num_items, bx, by], compute [num_items, bx, by],
// writer [addr:C, num_items, bx, by].
module attributes {tt.arch = #tt.arch<wormhole_b0>} {
  func.func private @add_relu(memref<64x64xbf16>, memref<64x64xbf16>, memref<64x64xbf16>)
      attributes {tt.kernels = [@add_relu_reader, @add_relu_compute, @add_relu_writer]}

  func.func @add_relu_reader() attributes {tt.kernel_kind = #tt.kernel_kind<reader>} {
    %c0 = arith.constant 0 : i32
    %c1 = arith.constant 1 : i32
    %c2 = arith.constant 2 : i32
    %page = arith.constant 2048 : i32
    %addr_a = tt.get_arg_val 0 : i32
    %addr_b = tt.get_arg_val 1 : i32
    %n = tt.get_arg_val 2 : i32
    %acc_a = tt.interleaved_accessor %addr_a, %page {cta_offset = 0 : i32, dtype = bf16} : !tt.accessor
    %acc_b = tt.interleaved_accessor %addr_b, %page {cta_offset = 1 : i32, dtype = bf16} : !tt.accessor
    scf.for %item = %c0 to %n step %c1 : i32 {
      %bx = tt.get_arg_val 3 : i32
      %by = tt.get_arg_val 4 : i32
      %row = arith.muli %by, %c2 : i32
      %id = arith.addi %row, %bx : i32
      tt.cb_reserve_back %c0, %c1
      %la = tt.get_write_ptr %c0 : i32
      tt.noc_async_read_tile %id, %acc_a, %la
      tt.cb_reserve_back %c1, %c1
      %lb = tt.get_write_ptr %c1 : i32
      tt.noc_async_read_tile %id, %acc_b, %lb
      tt.noc_async_read_barrier
      tt.cb_push_back %c0, %c1
      tt.cb_push_back %c1, %c1
    }
    return
  }

  func.func @add_relu_compute() attributes {tt.kernel_kind = #tt.kernel_kind<compute>} {
    %c0 = arith.constant 0 : i32
    %c1 = arith.constant 1 : i32
    %c16 = arith.constant 16 : i32
    %n = tt.get_arg_val 0 : i32
    tt.binary_op_init_common %c0, %c1, %c16
    scf.for %item = %c0 to %n step %c1 : i32 {
      tt.cb_wait_front %c0, %c1
      tt.cb_wait_front %c1, %c1
      tt.tile_regs_acquire
      tt.add_tiles_init %c0, %c1
      tt.add_tiles %c0, %c1, %c0, %c0, %c0
      tt.relu_tile_init
      tt.relu_tile %c0
      tt.tile_regs_commit
      tt.cb_pop_front %c0, %c1
      tt.cb_pop_front %c1, %c1
      tt.tile_regs_wait
      tt.cb_reserve_back %c16, %c1
      tt.pack_tile %c0, %c16
      tt.cb_push_back %c16, %c1
      tt.tile_regs_release
    }
    return
  }

  func.func @add_relu_writer() attributes {tt.kernel_kind = #tt.kernel_kind<writer>} {
    %c0 = arith.constant 0 : i32
    %c1 = arith.constant 1 : i32
    %c2 = arith.constant 2 : i32
    %c16 = arith.constant 16 : i32
    %page = arith.constant 2048 : i32
    %addr_c = tt.get_arg_val 0 : i32
    %n = tt.get_arg_val 1 : i32
    %acc_c = tt.interleaved_accessor %addr_c, %page {cta_offset = 0 : i32, dtype = bf16} : !tt.accessor
    scf.for %item = %c0 to %n step %c1 : i32 {
      %bx = tt.get_arg_val 2 : i32
      %by = tt.get_arg_val 3 : i32
      %row = arith.muli %by, %c2 : i32
      %id = arith.addi %row, %bx : i32
      tt.cb_wait_front %c16, %c1
      %l1 = tt.get_read_ptr %c16 : i32
      tt.noc_async_write_tile %id, %acc_c, %l1
      tt.noc_async_write_barrier
      tt.cb_pop_front %c16, %c1
    }
    return
  }
}
