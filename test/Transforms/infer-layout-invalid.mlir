// RUN: tilett-opt --tt-infer-layout --split-input-file --verify-diagnostics %s

func.func @bool_buffer(
    // expected-error @+1 {{expected a global buffer of bf16, f16, f32 or i32 but got 'i1'}}
    %A: memref<64x64xi1>) {
  tl.kernel grid [1] (%bx) {
  }
  return
}

// -----

func.func @f64_buffer(
    // expected-error @+1 {{expected a global buffer of bf16, f16, f32 or i32 but got 'f64'}}
    %A: memref<64x64xf64>) {
  tl.kernel grid [1] (%bx) {
  }
  return
}

// -----

func.func @complex_buffer(
    // expected-error @+1 {{but got 'complex<f32>'}}
    %A: memref<64x64xcomplex<f32>>) {
  tl.kernel grid [1] (%bx) {
  }
  return
}

// -----

func.func @rank0(
    // expected-error @+1 {{expected a global buffer of rank 1 or more but got 'memref<f32>'}}
    %A: memref<f32>) {
  tl.kernel grid [1] (%bx) {
  }
  return
}

// -----

func.func @dynamic(
    // expected-error @+1 {{expected a statically shaped global buffer but got 'memref<?x64xf32>'}}
    %A: memref<?x64xf32>) {
  tl.kernel grid [1] (%bx) {
  }
  return
}

// -----

// expected-error @+1 {{tt.core_grid #tt.core_grid<9, 1> exceeds the device's worker grid 8x8}}
func.func @grid_too_big(%A: memref<64x64xf32>) attributes {tt.core_grid = #tt.core_grid<9, 1>} {
  tl.kernel grid [1] (%bx) {
  }
  return
}

// -----

// Sizes are checked against the card's DRAM before any pass works per tile.
func.func @past_dram(
    // expected-error @+1 {{global buffer 'A' ('memref<100000000x100000000xbf16>') needs 18626451.5 GiB but the device has 12.0 GiB of DRAM}}
    %A: memref<100000000x100000000xbf16> {tl.name = "A"}) {
  tl.kernel grid [1] (%bx) {
  }
  return
}

// -----

func.func @past_int64(
    // expected-error @+1 {{needs more than 2^63 bytes but the device has 12.0 GiB of DRAM}}
    %A: memref<4294967296x4294967296xf32> {tl.name = "A"}) {
  tl.kernel grid [1] (%bx) {
  }
  return
}

// -----

// expected-error @+1 {{the global buffers of 'together' need 16.0 GiB together but the device has 12.0 GiB of DRAM}}
func.func @together(%A: memref<65536x65536xbf16> {tl.name = "A"},
                    %B: memref<65536x65536xbf16> {tl.name = "B"}) {
  tl.kernel grid [1] (%bx) {
  }
  return
}
