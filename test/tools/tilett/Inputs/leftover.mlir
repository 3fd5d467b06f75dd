// A kernel that still holds a buffer address: not GridToPersistentTT output.
module {
  func.func private @k() attributes {tt.kernels = [@k_reader]}
  func.func @k_reader() attributes {tt.kernel_kind = #tt.kernel_kind<reader>} {
    %m = memref.alloc() : memref<32x32xbf16>
    // the next line is 7
    %a = tt.buffer_address %m : memref<32x32xbf16> -> i32
    return
  }
}
