// RUN: tilett-opt --tt-grid-to-persistent --split-input-file --verify-diagnostics %s

func.func @unknown_cb() attributes {
    tt.cb_desc = [#tt.cb_desc<index = 0, dtype = bf16, page_size = 2048, num_pages = 2, buffer = "a">],
    tt.work_partition = {"(0,0)" = [#tt.work_item<io = 0, jo = 0, len_k = 0, tile_order = row_major>]}} {
  tl.kernel grid [1] (%bx) {
    tt.thread <compute> {
      %cb = arith.constant 5 : i32
      %n = arith.constant 1 : i32
      // expected-error @+1 {{uses circular buffer 5, which has no tt.cb_desc entry}}
      tt.cb_wait_front %cb, %n
    }
  }
  return
}

// -----

func.func @not_lowered(%A: memref<64x64xbf16>) attributes {
    tt.work_partition = {"(0,0)" = [#tt.work_item<io = 0, jo = 0, len_k = 0, tile_order = row_major>]}} {
  tl.kernel grid [1] (%bx) {
    %c0 = arith.constant 0 : index
    %a = tl.alloc_shared : memref<64x64xbf16, #tl.memory_space<shared>>
    // expected-error @+1 {{expected tt-lower-tile-intrinsics to have lowered this op before tt-grid-to-persistent}}
    tl.copy %A[%c0, %c0] to %a : memref<64x64xbf16> to memref<64x64xbf16, #tl.memory_space<shared>>
  }
  return
}

// -----

// expected-error @+1 {{expected tt.work_partition (run tt-tiles-to-core-map first)}}
func.func @no_partition() {
  tl.kernel grid [1] (%bx) {
  }
  return
}
