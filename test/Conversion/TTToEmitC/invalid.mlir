// RUN: tilett-opt --convert-tt-to-emitc --split-input-file --verify-diagnostics %s

// Kernels take everything from runtime arguments (GridToPersistentTT output).
// expected-error @+1 {{expected a kernel function without arguments or results}}
func.func @with_args(%a: memref<32x32xbf16>) attributes {tt.kernel_kind = #tt.kernel_kind<reader>} {
  return
}

// -----

// A buffer address left over from LowerTTTileIntrinsics has no C++ form.
func.func @leftover() attributes {tt.kernel_kind = #tt.kernel_kind<reader>} {
  %m = memref.alloc() : memref<32x32xbf16>
  // expected-error @+1 {{'tt.buffer_address' op expected GridToPersistentTT to have replaced it by a runtime argument}}
  %a = tt.buffer_address %m : memref<32x32xbf16> -> i32
  return
}

// -----

func.func @thread() attributes {tt.kernel_kind = #tt.kernel_kind<compute>} {
  // expected-error @+1 {{'tt.thread' op expected GridToPersistentTT to have inlined it into its kernel}}
  tt.thread <compute> {
    tt.tile_regs_acquire
  }
  return
}
