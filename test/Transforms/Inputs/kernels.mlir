// Hand-written tl kernels shared by the pass tests (see IR_CONTRACTS.md).

// Aligned GEMM: 256x256x256 bf16, 64x64x32 blocks, 4x4 launch grid.
func.func @gemm_aligned(%A: memref<256x256xbf16> {tl.name = "A"},
                        %B: memref<256x256xbf16> {tl.name = "B"},
                        %C: memref<256x256xbf16> {tl.name = "C"}) {
  tl.kernel grid [4, 4] threads 128 (%bx, %by) {
    %c64 = arith.constant 64 : index
    %c32 = arith.constant 32 : index
    %A_s = tl.alloc_shared {tl.name = "A_shared"} : memref<64x32xbf16, #tl.memory_space<shared>>
    %B_s = tl.alloc_shared {tl.name = "B_shared"} : memref<32x64xbf16, #tl.memory_space<shared>>
    %C_l = tl.alloc_fragment {tl.name = "C_local"} : memref<64x64xf32, #tl.memory_space<fragment>>
    tl.clear %C_l : memref<64x64xf32, #tl.memory_space<fragment>>
    %row = arith.muli %by, %c64 : index
    %col = arith.muli %bx, %c64 : index
    tl.pipelined %k = 0 to 8 step 1 stages 3 {
      %kk = arith.muli %k, %c32 : index
      tl.copy %A[%row, %kk] to %A_s : memref<256x256xbf16> to memref<64x32xbf16, #tl.memory_space<shared>>
      tl.copy %B[%kk, %col] to %B_s : memref<256x256xbf16> to memref<32x64xbf16, #tl.memory_space<shared>>
      tl.gemm %A_s, %B_s, %C_l : memref<64x32xbf16, #tl.memory_space<shared>>, memref<32x64xbf16, #tl.memory_space<shared>>, memref<64x64xf32, #tl.memory_space<fragment>>
    }
    tl.copy %C_l to %C[%row, %col] : memref<64x64xf32, #tl.memory_space<fragment>> to memref<256x256xbf16>
  }
  return
}

// Padded GEMM: M=100, N=200, K=70 in f32 with 64x64x32 blocks (grid 4x2,
// 3 K steps); the unnamed arguments are arg0..arg2.
func.func @gemm_padded(%A: memref<100x70xf32>, %B: memref<70x200xf32>,
                       %C: memref<100x200xf32>) {
  tl.kernel grid [4, 2] (%bx, %by) {
    %c64 = arith.constant 64 : index
    %c32 = arith.constant 32 : index
    %A_s = tl.alloc_shared : memref<64x32xf32, #tl.memory_space<shared>>
    %B_s = tl.alloc_shared : memref<32x64xf32, #tl.memory_space<shared>>
    %C_l = tl.alloc_fragment : memref<64x64xf32, #tl.memory_space<fragment>>
    %row = arith.muli %by, %c64 : index
    %col = arith.muli %bx, %c64 : index
    tl.pipelined %k = 0 to 3 step 1 stages 2 {
      %kk = arith.muli %k, %c32 : index
      tl.copy %A[%row, %kk] to %A_s : memref<100x70xf32> to memref<64x32xf32, #tl.memory_space<shared>>
      tl.copy %B[%kk, %col] to %B_s : memref<70x200xf32> to memref<32x64xf32, #tl.memory_space<shared>>
      tl.gemm %A_s, %B_s, %C_l {clear_accum = true} : memref<64x32xf32, #tl.memory_space<shared>>, memref<32x64xf32, #tl.memory_space<shared>>, memref<64x64xf32, #tl.memory_space<fragment>>
    }
    tl.copy %C_l to %C[%row, %col] : memref<64x64xf32, #tl.memory_space<fragment>> to memref<100x200xf32>
  }
  return
}

// More blocks than cores: 1024x1024 output in 32x32 blocks (32x32 = 1024
// blocks on an 8x8 grid, 16 each).
func.func @gemm_many_blocks(%A: memref<1024x1024xbf16> {tl.name = "A"},
                            %B: memref<1024x1024xbf16> {tl.name = "B"},
                            %C: memref<1024x1024xbf16> {tl.name = "C"}) {
  tl.kernel grid [32, 32] (%bx, %by) {
    %c32 = arith.constant 32 : index
    %A_s = tl.alloc_shared : memref<32x32xbf16, #tl.memory_space<shared>>
    %B_s = tl.alloc_shared : memref<32x32xbf16, #tl.memory_space<shared>>
    %C_l = tl.alloc_fragment : memref<32x32xf32, #tl.memory_space<fragment>>
    %row = arith.muli %by, %c32 : index
    %col = arith.muli %bx, %c32 : index
    tl.pipelined %k = 0 to 32 step 1 stages 2 {
      %kk = arith.muli %k, %c32 : index
      tl.copy %A[%row, %kk] to %A_s : memref<1024x1024xbf16> to memref<32x32xbf16, #tl.memory_space<shared>>
      tl.copy %B[%kk, %col] to %B_s : memref<1024x1024xbf16> to memref<32x32xbf16, #tl.memory_space<shared>>
      tl.gemm %A_s, %B_s, %C_l : memref<32x32xbf16, #tl.memory_space<shared>>, memref<32x32xbf16, #tl.memory_space<shared>>, memref<32x32xf32, #tl.memory_space<fragment>>
    }
    tl.copy %C_l to %C[%row, %col] : memref<32x32xf32, #tl.memory_space<fragment>> to memref<1024x1024xbf16>
  }
  return
}

// Fewer blocks than cores: a 2x2 launch grid on an 8x8 device.
func.func @gemm_few_blocks(%A: memref<128x64xbf16> {tl.name = "A"},
                           %B: memref<64x128xbf16> {tl.name = "B"},
                           %C: memref<128x128xbf16> {tl.name = "C"}) {
  tl.kernel grid [2, 2] (%bx, %by) {
    %c64 = arith.constant 64 : index
    %c0 = arith.constant 0 : index
    %A_s = tl.alloc_shared : memref<64x64xbf16, #tl.memory_space<shared>>
    %B_s = tl.alloc_shared : memref<64x64xbf16, #tl.memory_space<shared>>
    %C_l = tl.alloc_fragment : memref<64x64xf32, #tl.memory_space<fragment>>
    %row = arith.muli %by, %c64 : index
    %col = arith.muli %bx, %c64 : index
    tl.copy %A[%row, %c0] to %A_s : memref<128x64xbf16> to memref<64x64xbf16, #tl.memory_space<shared>>
    tl.copy %B[%c0, %col] to %B_s : memref<64x128xbf16> to memref<64x64xbf16, #tl.memory_space<shared>>
    tl.gemm %A_s, %B_s, %C_l {clear_accum = true} : memref<64x64xbf16, #tl.memory_space<shared>>, memref<64x64xbf16, #tl.memory_space<shared>>, memref<64x64xf32, #tl.memory_space<fragment>>
    tl.copy %C_l to %C[%row, %col] : memref<64x64xf32, #tl.memory_space<fragment>> to memref<128x128xbf16>
  }
  return
}

// Element-wise add of two 256x256 bf16 tensors in 32x64 blocks (grid 4x8).
func.func @eltwise_add(%X: memref<256x256xbf16> {tl.name = "X"},
                       %Y: memref<256x256xbf16> {tl.name = "Y"},
                       %Z: memref<256x256xbf16> {tl.name = "Z"}) {
  tl.kernel grid [4, 8] (%bx, %by) {
    %c32 = arith.constant 32 : index
    %c64 = arith.constant 64 : index
    %X_s = tl.alloc_shared : memref<32x64xbf16, #tl.memory_space<shared>>
    %Y_s = tl.alloc_shared : memref<32x64xbf16, #tl.memory_space<shared>>
    %Z_l = tl.alloc_fragment : memref<32x64xbf16, #tl.memory_space<fragment>>
    %row = arith.muli %by, %c32 : index
    %col = arith.muli %bx, %c64 : index
    tl.copy %X[%row, %col] to %X_s : memref<256x256xbf16> to memref<32x64xbf16, #tl.memory_space<shared>>
    tl.copy %Y[%row, %col] to %Y_s : memref<256x256xbf16> to memref<32x64xbf16, #tl.memory_space<shared>>
    tl.parallel (%i, %j) in [32, 64] {
      %a = memref.load %X_s[%i, %j] : memref<32x64xbf16, #tl.memory_space<shared>>
      %b = memref.load %Y_s[%i, %j] : memref<32x64xbf16, #tl.memory_space<shared>>
      %s = arith.addf %a, %b : bf16
      memref.store %s, %Z_l[%i, %j] : memref<32x64xbf16, #tl.memory_space<fragment>>
    }
    tl.copy %Z_l to %Z[%row, %col] : memref<32x64xbf16, #tl.memory_space<fragment>> to memref<256x256xbf16>
  }
  return
}

// GEMM with a ReLU epilogue on the accumulator.
func.func @gemm_relu(%A: memref<128x128xbf16> {tl.name = "A"},
                     %B: memref<128x128xbf16> {tl.name = "B"},
                     %C: memref<128x128xbf16> {tl.name = "C"}) {
  tl.kernel grid [2, 2] (%bx, %by) {
    %c64 = arith.constant 64 : index
    %c32 = arith.constant 32 : index
    %A_s = tl.alloc_shared : memref<64x32xbf16, #tl.memory_space<shared>>
    %B_s = tl.alloc_shared : memref<32x64xbf16, #tl.memory_space<shared>>
    %C_l = tl.alloc_fragment : memref<64x64xf32, #tl.memory_space<fragment>>
    tl.clear %C_l : memref<64x64xf32, #tl.memory_space<fragment>>
    %row = arith.muli %by, %c64 : index
    %col = arith.muli %bx, %c64 : index
    tl.pipelined %k = 0 to 4 step 1 stages 2 {
      %kk = arith.muli %k, %c32 : index
      tl.copy %A[%row, %kk] to %A_s : memref<128x128xbf16> to memref<64x32xbf16, #tl.memory_space<shared>>
      tl.copy %B[%kk, %col] to %B_s : memref<128x128xbf16> to memref<32x64xbf16, #tl.memory_space<shared>>
      tl.gemm %A_s, %B_s, %C_l : memref<64x32xbf16, #tl.memory_space<shared>>, memref<32x64xbf16, #tl.memory_space<shared>>, memref<64x64xf32, #tl.memory_space<fragment>>
    }
    tl.parallel (%i, %j) in [64, 64] {
      %v = memref.load %C_l[%i, %j] : memref<64x64xf32, #tl.memory_space<fragment>>
      %zero = arith.constant 0.0 : f32
      %r = arith.maximumf %v, %zero : f32
      memref.store %r, %C_l[%i, %j] : memref<64x64xf32, #tl.memory_space<fragment>>
    }
    tl.copy %C_l to %C[%row, %col] : memref<64x64xf32, #tl.memory_space<fragment>> to memref<128x128xbf16>
  }
  return
}
