// RUN: tilett-opt --tt-propagate-layout --split-input-file --verify-diagnostics %s

module attributes {tt.arch = #tt.arch<wormhole_b0>} {
  // expected-error @+1 {{expected tt.layout_desc on kernel function; run tt-infer-layout first}}
  func.func @no_layouts(%A: memref<64x64xf32>) {
    tl.kernel grid [1] (%bx) {
    }
    return
  }
}

// -----

// expected-error @+1 {{expected tt.arch on the module; run tt-infer-layout first}}
module {
  func.func @no_arch(%A: memref<64x64xf32>) {
    tl.kernel grid [1] (%bx) {
    }
    return
  }
}

// -----

// A block that is not whole tiles must cover its global's whole dimension.
module attributes {tt.arch = #tt.arch<wormhole_b0>} {
  func.func @unaligned(%A: memref<64x64xf32> {tl.name = "A"})
      attributes {tt.layout_desc = {A = {shard = "DRAM"}}} {
    tl.kernel grid [1] (%bx) {
      %c0 = arith.constant 0 : index
      %s = tl.alloc_shared : memref<48x64xf32, #tl.memory_space<shared>>
      // expected-error @+1 {{copies a window of 48 elements along dim 0 of 'A' (extent 64); Tenstorrent moves whole 32x32 tiles, so a block must be a multiple of 32 there or cover the whole dimension}}
      tl.copy %A[%c0, %c0] to %s : memref<64x64xf32> to memref<48x64xf32, #tl.memory_space<shared>>
    }
    return
  }
}

// -----

module attributes {tt.arch = #tt.arch<wormhole_b0>} {
  func.func @gemm_mixed(%A: memref<64x64xf32> {tl.name = "A"})
      attributes {tt.layout_desc = {}} {
    tl.kernel grid [1] (%bx) {
      %a = tl.alloc_shared : memref<32x32xbf16, #tl.memory_space<shared>>
      %b = tl.alloc_shared : memref<32x32xf32, #tl.memory_space<shared>>
      %c = tl.alloc_fragment : memref<32x32xf32, #tl.memory_space<fragment>>
      // expected-error @+1 {{expected A and B of the same element type (the matrix engine takes one input format) but got 'bf16' and 'f32'}}
      tl.gemm %a, %b, %c : memref<32x32xbf16, #tl.memory_space<shared>>, memref<32x32xf32, #tl.memory_space<shared>>, memref<32x32xf32, #tl.memory_space<fragment>>
    }
    return
  }
}

// -----

module attributes {tt.arch = #tt.arch<wormhole_b0>} {
  // expected-error @+1 {{expected shard of buffer 'A' to be DRAM, L1, DDR or SRAM but got "HBM"}}
  func.func @bad_shard(%A: memref<64x64xf32> {tl.name = "A"})
      attributes {tt.layout_desc = {A = {shard = "HBM"}}} {
    tl.kernel grid [1] (%bx) {
    }
    return
  }
}

// -----

// A streamed 512x512 f32 buffer x 3 stages (3 MiB) plus an idle one (1 MiB).
module attributes {tt.arch = #tt.arch<wormhole_b0>} {
  // expected-error @+1 {{circular buffers need 4194304 bytes of L1 but only 1396736 are available (1499136 minus 100 KiB reserved); use smaller blocks or fewer pipeline stages}}
  func.func @too_big(%A: memref<1024x1024xf32> {tl.name = "A"})
      attributes {tt.layout_desc = {A = {shard = "DRAM"}}} {
    tl.kernel grid [2, 2] (%bx, %by) {
      %c0 = arith.constant 0 : index
      %s = tl.alloc_shared : memref<512x512xf32, #tl.memory_space<shared>>
      %t = tl.alloc_shared : memref<512x512xf32, #tl.memory_space<shared>>
      tl.pipelined %k = 0 to 2 step 1 stages 3 {
        tl.copy %A[%c0, %c0] to %s : memref<1024x1024xf32> to memref<512x512xf32, #tl.memory_space<shared>>
      }
    }
    return
  }
}
