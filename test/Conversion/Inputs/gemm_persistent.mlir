// Hand-written GridToPersistentTT output for a 64x64x64 bf16 GEMM with 32x32
// blocks (one output tile per work item, K = 2 tiles), in the shape
// IR_CONTRACTS.md fixes: a body-less declaration with the metadata, and
// argument-less reader/compute/writer kernels that loop over their items.
// Runtime args: reader [addr:A, addr:B, num_items, (bx, by)*],
// compute [num_items, (bx, by)*], writer [addr:C, num_items, (bx, by)*].
module attributes {tt.arch = #tt.arch<wormhole_b0>} {
  func.func private @matmul(memref<64x64xbf16>, memref<64x64xbf16>, memref<64x64xbf16>)
      attributes {tt.kernels = [@matmul_reader, @matmul_compute, @matmul_writer]}

  func.func @matmul_reader() attributes {tt.kernel_kind = #tt.kernel_kind<reader>} {
    %c0 = arith.constant 0 : i32
    %c1 = arith.constant 1 : i32
    %c2 = arith.constant 2 : i32
    %page = arith.constant 2048 : i32
    %kt = arith.constant 2 : i32
    %addr_a = tt.get_arg_val 0 : i32
    %addr_b = tt.get_arg_val 1 : i32
    %n = tt.get_arg_val 2 : i32
    %acc_a = tt.interleaved_accessor %addr_a, %page {cta_offset = 0 : i32, dtype = bf16} : !tt.accessor
    %acc_b = tt.interleaved_accessor %addr_b, %page {cta_offset = 1 : i32, dtype = bf16} : !tt.accessor
    scf.for %item = %c0 to %n step %c1 : i32 {
      // This input holds one work item per core, so its block indices are
      // fixed runtime args 3 and 4.
      %bxv = tt.get_arg_val 3 : i32
      %byv = tt.get_arg_val 4 : i32
      scf.for %k = %c0 to %kt step %c1 : i32 {
        // A tile (by, k), B tile (k, bx); 2 tiles per row.
        %arow = arith.muli %byv, %kt : i32
        %aid = arith.addi %arow, %k : i32
        %brow = arith.muli %k, %c2 : i32
        %bid = arith.addi %brow, %bxv : i32
        tt.cb_reserve_back %c0, %c1
        %la = tt.get_write_ptr %c0 : i32
        tt.noc_async_read_tile %aid, %acc_a, %la
        tt.cb_reserve_back %c1, %c1
        %lb = tt.get_write_ptr %c1 : i32
        tt.noc_async_read_tile %bid, %acc_b, %lb
        tt.noc_async_read_barrier
        tt.cb_push_back %c0, %c1
        tt.cb_push_back %c1, %c1
      }
    }
    return
  }

  func.func @matmul_compute() attributes {tt.kernel_kind = #tt.kernel_kind<compute>} {
    %c0 = arith.constant 0 : i32
    %c1 = arith.constant 1 : i32
    %c16 = arith.constant 16 : i32
    %kt = arith.constant 2 : i32
    %n = tt.get_arg_val 0 : i32
    tt.mm_init %c0, %c1, %c16
    scf.for %item = %c0 to %n step %c1 : i32 {
      tt.tile_regs_acquire
      scf.for %k = %c0 to %kt step %c1 : i32 {
        tt.cb_wait_front %c0, %c1
        tt.cb_wait_front %c1, %c1
        tt.matmul_tiles %c0, %c1, %c0, %c0, %c0
        tt.cb_pop_front %c0, %c1
        tt.cb_pop_front %c1, %c1
      }
      tt.tile_regs_commit
      tt.tile_regs_wait
      tt.cb_reserve_back %c16, %c1
      tt.pack_tile %c0, %c16
      tt.cb_push_back %c16, %c1
      tt.tile_regs_release
    }
    return
  }

  func.func @matmul_writer() attributes {tt.kernel_kind = #tt.kernel_kind<writer>} {
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
      %cid = arith.addi %row, %bx : i32
      tt.cb_wait_front %c16, %c1
      %l1 = tt.get_read_ptr %c16 : i32
      tt.noc_async_write_tile %cid, %acc_c, %l1
      tt.noc_async_write_barrier
      tt.cb_pop_front %c16, %c1
    }
    return
  }
}
