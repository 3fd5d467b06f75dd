// Windows into one tensor that need different device dim orders.

func.func @conflicting(%Q: memref<2x128x4x64xbf16> {tl.name = "Q"}) {
  tl.kernel grid [2, 4, 2] (%bx, %by, %bz) {
    %c0 = arith.constant 0 : index
    %c64 = arith.constant 64 : index
    %a = tl.alloc_shared : memref<64x64xbf16, #tl.memory_space<shared>>
    %b = tl.alloc_shared : memref<4x64xbf16, #tl.memory_space<shared>>
    %row = arith.muli %bx, %c64 : index
    // expected-note @+1 {{the window that fixes the layout}}
    tl.copy %Q[%bz, %row, %by, %c0] to %a {window_dims = array<i64: 1, 3>} : memref<2x128x4x64xbf16> to memref<64x64xbf16, #tl.memory_space<shared>>
    // expected-error @+1 {{T.copy's window into 'Q' spans its dims 2 and 3, but the T.copy at}}
    tl.copy %Q[%bz, %row, %c0, %c0] to %b : memref<2x128x4x64xbf16> to memref<4x64xbf16, #tl.memory_space<shared>>
  }
  return
}

// -----

func.func @conflicting_windows(%Q: memref<2x128x4x64xbf16> {tl.name = "Q"}) {
  tl.kernel grid [2, 4, 2] (%bx, %by, %bz) {
    %c0 = arith.constant 0 : index
    %c64 = arith.constant 64 : index
    %a = tl.alloc_shared : memref<64x64xbf16, #tl.memory_space<shared>>
    %b = tl.alloc_shared : memref<2x64xbf16, #tl.memory_space<shared>>
    %row = arith.muli %bx, %c64 : index
    // expected-note @+1 {{the window that fixes the layout}}
    tl.copy %Q[%bz, %row, %by, %c0] to %a {window_dims = array<i64: 1, 3>} : memref<2x128x4x64xbf16> to memref<64x64xbf16, #tl.memory_space<shared>>
    // expected-error @+1 {{spans its dims 0 and 3, but the T.copy at}}
    tl.copy %b to %Q[%c0, %row, %by, %c0] {window_dims = array<i64: 0, 3>} : memref<2x64xbf16, #tl.memory_space<shared>> to memref<2x128x4x64xbf16>
  }
  return
}
