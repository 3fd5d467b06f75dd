// RUN: tilett-opt --tt-lower-tile-intrinsics --split-input-file --verify-diagnostics %s

// With transpose_A, A is KxM: a 64x32 A gives op(A) of 32x64, which
// does not fit a 64x64 C (the op verifier reads transpose_a).
func.func @transpose_a_shapes(%A: memref<64x64xbf16> {tl.name = "A"}) attributes {
    tt.layout_desc = {A = #tt.layout_desc<memory = dram, layout = interleaved, tile_id_order = row_major, dtype = bf16, tile = [32, 32], shape = [64, 64], padded_shape = [64, 64], page_size = 2048>},
    tt.cb_desc = [#tt.cb_desc<index = 0, dtype = bf16, page_size = 2048, num_pages = 2, buffer = "a">,
                  #tt.cb_desc<index = 1, dtype = bf16, page_size = 2048, num_pages = 4, buffer = "b">,
                  #tt.cb_desc<index = 24, dtype = f32, page_size = 4096, num_pages = 4, buffer = "c">]} {
  tl.kernel grid [1] (%bx) {
    %c0 = arith.constant 0 : index
    %a = tl.alloc_shared {tl.name = "a"} : memref<64x32xbf16, #tl.memory_space<shared>>
    %b = tl.alloc_shared {tl.name = "b"} : memref<64x64xbf16, #tl.memory_space<shared>>
    %c = tl.alloc_fragment {tl.name = "c"} : memref<64x64xf32, #tl.memory_space<fragment>>
    tl.copy %A[%c0, %c0] to %a : memref<64x64xbf16> to memref<64x32xbf16, #tl.memory_space<shared>>
    tl.copy %A[%c0, %c0] to %b : memref<64x64xbf16> to memref<64x64xbf16, #tl.memory_space<shared>>
    tl.clear %c : memref<64x64xf32, #tl.memory_space<fragment>>
    // expected-error @+1 {{expected C of shape 32x64 but got 'memref<64x64xf32, #tl.memory_space<fragment>>'}}
    tl.gemm %a, %b, %c {transpose_a = true} : memref<64x32xbf16, #tl.memory_space<shared>>, memref<64x64xbf16, #tl.memory_space<shared>>, memref<64x64xf32, #tl.memory_space<fragment>>
  }
  return
}

// -----

func.func @accumulate_unwritten(%A: memref<64x64xbf16> {tl.name = "A"}) attributes {
    tt.layout_desc = {A = #tt.layout_desc<memory = dram, layout = interleaved, tile_id_order = row_major, dtype = bf16, tile = [32, 32], shape = [64, 64], padded_shape = [64, 64], page_size = 2048>},
    tt.cb_desc = [#tt.cb_desc<index = 0, dtype = bf16, page_size = 2048, num_pages = 4, buffer = "a">,
                  #tt.cb_desc<index = 24, dtype = f32, page_size = 4096, num_pages = 4, buffer = "c">]} {
  tl.kernel grid [1] (%bx) {
    %c0 = arith.constant 0 : index
    %a = tl.alloc_shared {tl.name = "a"} : memref<64x64xbf16, #tl.memory_space<shared>>
    %c = tl.alloc_fragment {tl.name = "c"} : memref<64x64xf32, #tl.memory_space<fragment>>
    tl.copy %A[%c0, %c0] to %a : memref<64x64xbf16> to memref<64x64xbf16, #tl.memory_space<shared>>
    // expected-error @+1 {{accumulates into 'c' before it was written; clear it first or set clear_accum}}
    tl.gemm %a, %a, %c : memref<64x64xbf16, #tl.memory_space<shared>>, memref<64x64xbf16, #tl.memory_space<shared>>, memref<64x64xf32, #tl.memory_space<fragment>>
  }
  return
}

// -----

func.func @unsupported_parallel(%A: memref<64x64xf32> {tl.name = "A"}) attributes {
    tt.layout_desc = {A = #tt.layout_desc<memory = dram, layout = interleaved, tile_id_order = row_major, dtype = f32, tile = [32, 32], shape = [64, 64], padded_shape = [64, 64], page_size = 4096>},
    tt.cb_desc = [#tt.cb_desc<index = 0, dtype = f32, page_size = 4096, num_pages = 4, buffer = "a">,
                  #tt.cb_desc<index = 24, dtype = f32, page_size = 4096, num_pages = 4, buffer = "c">]} {
  tl.kernel grid [1] (%bx) {
    %c0 = arith.constant 0 : index
    %a = tl.alloc_shared {tl.name = "a"} : memref<64x64xf32, #tl.memory_space<shared>>
    %c = tl.alloc_fragment {tl.name = "c"} : memref<64x64xf32, #tl.memory_space<fragment>>
    tl.copy %A[%c0, %c0] to %a : memref<64x64xf32> to memref<64x64xf32, #tl.memory_space<shared>>
    tl.parallel (%i, %j) in [64, 64] {
      %x = memref.load %a[%i, %j] : memref<64x64xf32, #tl.memory_space<shared>>
      // expected-error @+1 {{'arith.remf' op is not supported in a tl.parallel body; supported: }}
      %y = arith.remf %x, %x : f32
      memref.store %y, %c[%i, %j] : memref<64x64xf32, #tl.memory_space<fragment>>
    }
  }
  return
}

// -----

// A row sum's result is a column vector; reading it as v[j] needs a row
// vector.
func.func @vector_forms(%A: memref<64x64xf32> {tl.name = "A"}) attributes {
    tt.layout_desc = {A = #tt.layout_desc<memory = dram, layout = interleaved, tile_id_order = row_major, dtype = f32, tile = [32, 32], shape = [64, 64], padded_shape = [64, 64], page_size = 4096>},
    tt.cb_desc = [#tt.cb_desc<index = 0, dtype = f32, page_size = 4096, num_pages = 4, buffer = "a">,
                  #tt.cb_desc<index = 24, dtype = f32, page_size = 4096, num_pages = 2, buffer = "r">,
                  #tt.cb_desc<index = 25, dtype = f32, page_size = 4096, num_pages = 2, buffer = "p">]} {
  tl.kernel grid [1] (%bx) {
    %c0 = arith.constant 0 : index
    %a = tl.alloc_shared {tl.name = "a"} : memref<64x64xf32, #tl.memory_space<shared>>
    %r = tl.alloc_fragment {tl.name = "r"} : memref<64xf32, #tl.memory_space<fragment>>
    tl.copy %A[%c0, %c0] to %a : memref<64x64xf32> to memref<64x64xf32, #tl.memory_space<shared>>
    %p = tl.alloc_fragment {tl.name = "p"} : memref<64x64xf32, #tl.memory_space<fragment>>
    // expected-note @+1 {{first use here}}
    tl.reduce <sum> %a to %r {dim = 1 : i64} : memref<64x64xf32, #tl.memory_space<shared>> to memref<64xf32, #tl.memory_space<fragment>>
    tl.parallel (%i, %j) in [64, 64] {
      // expected-error @+1 {{uses 'r' as a row vector (a column reduction's result, or read as v[j]), but it is already used as a column vector (a row reduction's result, or read as v[i]); copy it into a second 1-D buffer}}
      %v = memref.load %r[%j] : memref<64xf32, #tl.memory_space<fragment>>
      memref.store %v, %p[%i, %j] : memref<64x64xf32, #tl.memory_space<fragment>>
    }
  }
  return
}

// -----

func.func @missing_cb(%A: memref<64x64xf32> {tl.name = "A"}) attributes {
    tt.layout_desc = {A = #tt.layout_desc<memory = dram, layout = interleaved, tile_id_order = row_major, dtype = f32, tile = [32, 32], shape = [64, 64], padded_shape = [64, 64], page_size = 4096>},
    tt.cb_desc = []} {
  tl.kernel grid [1] (%bx) {
    // expected-error @+1 {{expected a tt.cb_desc entry for buffer 'a'}}
    %a = tl.alloc_shared {tl.name = "a"} : memref<64x64xf32, #tl.memory_space<shared>>
  }
  return
}
