// RUN: tilett-opt %s -split-input-file -verify-diagnostics

func.func @gemm_shapes() {
  tl.kernel grid [1] (%b) {
    %a = tl.alloc_shared : memref<32x64xbf16, #tl.memory_space<shared>>
    %bb = tl.alloc_shared : memref<32x32xbf16, #tl.memory_space<shared>>
    %c = tl.alloc_fragment : memref<32x32xf32, #tl.memory_space<fragment>>
    // expected-error @+1 {{expected matching reduction extents but got 64 (A) and 32 (B)}}
    tl.gemm %a, %bb, %c : memref<32x64xbf16, #tl.memory_space<shared>>, memref<32x32xbf16, #tl.memory_space<shared>>, memref<32x32xf32, #tl.memory_space<fragment>>
  }
  return
}

// -----

func.func @copy_offsets(%A: memref<64x64xbf16>) {
  tl.kernel grid [1] (%b) {
    %s = tl.alloc_shared : memref<32x32xbf16, #tl.memory_space<shared>>
    // expected-error @+1 {{expected 2 offsets for the global side but got 1}}
    tl.copy %A[%b] to %s : memref<64x64xbf16> to memref<32x32xbf16, #tl.memory_space<shared>>
  }
  return
}

// -----

func.func @copy_global_to_global(%A: memref<64x64xbf16>, %B: memref<64x64xbf16>) {
  %c0 = arith.constant 0 : index
  // expected-error @+1 {{expected at least one block-local side}}
  tl.copy %A[%c0, %c0] to %B[%c0, %c0] : memref<64x64xbf16> to memref<64x64xbf16>
  return
}

// -----

func.func @alloc_space() {
  tl.kernel grid [1] (%b) {
    // expected-error @+1 {{expected a memref in #tl.memory_space<shared> but got 'memref<32x32xbf16, #tl.memory_space<fragment>>'}}
    %s = tl.alloc_shared : memref<32x32xbf16, #tl.memory_space<fragment>>
  }
  return
}

// -----

func.func @alloc_outside() {
  // expected-error @+1 {{must be inside a tl.kernel}}
  %s = tl.alloc_shared : memref<32x32xbf16, #tl.memory_space<shared>>
  return
}

// -----

func.func @grid_rank() {
  // expected-error @+1 {{expected a 1-D, 2-D or 3-D grid but got 4 dimensions}}
  tl.kernel grid [1, 1, 1, 1] (%a, %b, %c, %d) {
  }
  return
}

// -----

func.func @reduce_shape() {
  tl.kernel grid [1] (%b) {
    %s = tl.alloc_shared : memref<32x64xf32, #tl.memory_space<shared>>
    %r = tl.alloc_fragment : memref<64xf32, #tl.memory_space<fragment>>
    // expected-error @+1 {{expected a destination of shape 32 but got 'memref<64xf32, #tl.memory_space<fragment>>'}}
    tl.reduce <max> %s to %r {dim = 1 : i64} : memref<32x64xf32, #tl.memory_space<shared>> to memref<64xf32, #tl.memory_space<fragment>>
  }
  return
}

// -----

func.func @pipelined_stages() {
  tl.kernel grid [1] (%b) {
    // expected-error @+1 {{expected at least 1 stage but got 0}}
    tl.pipelined %k = 0 to 4 step 1 stages 0 {
    }
  }
  return
}
