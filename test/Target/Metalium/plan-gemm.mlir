// RUN: rm -rf %t && tilett compile %s -o %t --core-grid 2x1 --strategy contiguous --k-block 1
// RUN: FileCheck %s < %t/tt.plan.json
// RUN: tilett check-plan %t/tt.plan.json | FileCheck %s --check-prefix=VALID

// The runtime plan `tilett compile` writes for a 128x128x64 bf16 GEMM in
// 64x64x32 blocks (a 2x2 launch grid, two K steps) on a 2x1 core grid:
// contiguous blocks in row-major order, two per core, so core (0,0) runs
// blocks (bx, by) = (0,0), (1,0) and core (1,0) runs (0,1), (1,1).

// VALID: tt.plan.json: valid

// CHECK-LABEL: "arch": "wormhole_b0",
// CHECK:       "buffers": [
// CHECK:           "arg_index": 0,
// CHECK:           "dtype": "bf16",
// CHECK:           "layout": "interleaved",
// CHECK:           "memory": "dram",
// CHECK:           "name": "A",
// CHECK:           "num_pages": 8,
// CHECK:           "padded_shape": [
// CHECK-NEXT:        128,
// CHECK-NEXT:        64
// CHECK-NEXT:      ],
// CHECK-NEXT:      "page_size": 2048,
// CHECK-NEXT:      "role": "input",
// CHECK:           "name": "B",
// CHECK:           "role": "input",
// CHECK:           "arg_index": 2,
// CHECK:           "name": "C",
// CHECK:           "num_pages": 16,
// CHECK:           "role": "output",

// Load CBs from 0, the stored accumulator from 16; the pipelined loads get
// 2 tiles x 3 stages (IR_CONTRACTS.md, "After PropagateTTLayout").
// CHECK-LABEL: "circular_buffers": [
// CHECK:           "buffer": "A_shared",
// CHECK-NEXT:      "dtype": "bf16",
// CHECK-NEXT:      "index": 0,
// CHECK-NEXT:      "num_pages": 6,
// CHECK-NEXT:      "page_size": 2048
// CHECK:           "buffer": "B_shared",
// CHECK-NEXT:      "dtype": "bf16",
// CHECK-NEXT:      "index": 1,
// CHECK:           "buffer": "C_local",
// CHECK-NEXT:      "dtype": "f32",
// CHECK-NEXT:      "index": 16,
// CHECK-NEXT:      "num_pages": 4,
// CHECK-NEXT:      "page_size": 4096
// The f32 accumulator is stored to a bf16 buffer through a staging CB the
// lowering appends (IR_CONTRACTS.md, "After LowerTTTileIntrinsics").
// CHECK:           "buffer": "C_local_to_C",
// CHECK-NEXT:      "dtype": "bf16",
// CHECK-NEXT:      "index": 17,

// CHECK-LABEL: "core_grid": [
// CHECK-NEXT:    2,
// CHECK-NEXT:    1
// CHECK-NEXT:  ],
// CHECK-NEXT:  "core_ranges": [
// CHECK-NEXT:    {
// CHECK-NEXT:      "extent": [
// CHECK-NEXT:        2,
// CHECK-NEXT:        1
// CHECK-NEXT:      ],
// CHECK-NEXT:      "start": [
// CHECK-NEXT:        0,
// CHECK-NEXT:        0
// CHECK-NEXT:      ]
// CHECK-NEXT:    }
// CHECK-NEXT:  ],
// CHECK-NEXT:  "kernel": "gemm",

// Reader: addresses, the item count, then (bx, by) per item.
// CHECK-LABEL: "kernels": [
// CHECK:           "compile_time_args": [
// CHECK-NEXT:        {
// CHECK-NEXT:          "accessor": "A"
// CHECK-NEXT:        },
// CHECK-NEXT:        {
// CHECK-NEXT:          "accessor": "B"
// CHECK-NEXT:        }
// CHECK-NEXT:      ],
// CHECK:           "file": "reader.cpp",
// CHECK-NEXT:      "kind": "reader",
// CHECK-NEXT:      "noc": 0,
// CHECK-NEXT:      "processor": "riscv_1",
// CHECK-NEXT:      "runtime_args": {
// CHECK-NEXT:        "(0,0)": [
// CHECK-NEXT:          {
// CHECK-NEXT:            "addr": "A"
// CHECK-NEXT:          },
// CHECK-NEXT:          {
// CHECK-NEXT:            "addr": "B"
// CHECK-NEXT:          },
// CHECK-NEXT:          2,
// CHECK-NEXT:          0,
// CHECK-NEXT:          0,
// CHECK-NEXT:          1,
// CHECK-NEXT:          0
// CHECK-NEXT:        ],
// CHECK-NEXT:        "(1,0)": [
// CHECK-NEXT:          {
// CHECK-NEXT:            "addr": "A"
// CHECK-NEXT:          },
// CHECK-NEXT:          {
// CHECK-NEXT:            "addr": "B"
// CHECK-NEXT:          },
// CHECK-NEXT:          2,
// CHECK-NEXT:          0,
// CHECK-NEXT:          1,
// CHECK-NEXT:          1,
// CHECK-NEXT:          1
// CHECK-NEXT:        ]
// CHECK-NEXT:      }

// Compute: no addresses; an f32 accumulator turns fp32 DST accumulation on.
// CHECK:           "compile_time_args": [],
// CHECK:           "fp32_dest_acc_en": true,
// CHECK-NEXT:      "kind": "compute",
// CHECK-NEXT:      "math_approx_mode": false,
// CHECK-NEXT:      "math_fidelity": "HiFi4",
// CHECK-NEXT:      "processor": "compute",
// CHECK-NEXT:      "runtime_args": {
// CHECK-NEXT:        "(0,0)": [
// CHECK-NEXT:          2,
// CHECK-NEXT:          0,
// CHECK-NEXT:          0,
// CHECK-NEXT:          1,
// CHECK-NEXT:          0
// CHECK-NEXT:        ],

// CHECK:           "compile_time_args": [
// CHECK-NEXT:        {
// CHECK-NEXT:          "accessor": "C"
// CHECK-NEXT:        }
// CHECK-NEXT:      ],
// CHECK:           "kind": "writer",
// CHECK-NEXT:      "noc": 1,
// CHECK-NEXT:      "processor": "riscv_0",
// CHECK-NEXT:      "runtime_args": {
// CHECK-NEXT:        "(0,0)": [
// CHECK-NEXT:          {
// CHECK-NEXT:            "addr": "C"
// CHECK-NEXT:          },
// CHECK-NEXT:          2,

// CHECK-LABEL: "layouts": {
// CHECK-NEXT:    "A": {
// CHECK-NEXT:      "interleave": true,
// CHECK-NEXT:      "shard": "DRAM",
// CHECK-NEXT:      "tile_id_order": "row_major"
// CHECK-NEXT:    },

// Two items per core, io = by * 2 and jo = bx * 2 in tiles, len_k = 2 K
// steps x 1 tile.
// CHECK:       "schema_version": 1,
// CHECK-NEXT:  "work_partition": {
// CHECK-NEXT:    "(0,0)": [
// CHECK-NEXT:      {
// CHECK-NEXT:        "io": 0,
// CHECK-NEXT:        "jo": 0,
// CHECK-NEXT:        "len_k": 2,
// CHECK-NEXT:        "len_m": 2,
// CHECK-NEXT:        "len_n": 2,
// CHECK-NEXT:        "tile_order": "row_major"
// CHECK-NEXT:      },
// CHECK-NEXT:      {
// CHECK-NEXT:        "io": 0,
// CHECK-NEXT:        "jo": 2,
// CHECK:         "(1,0)": [
// CHECK-NEXT:      {
// CHECK-NEXT:        "io": 2,
// CHECK-NEXT:        "jo": 0,
// CHECK:             "io": 2,
// CHECK-NEXT:        "jo": 2,

func.func @gemm(%A: memref<128x64xbf16> {tl.name = "A"},
                %B: memref<64x128xbf16> {tl.name = "B"},
                %C: memref<128x128xbf16> {tl.name = "C"}) {
  tl.kernel grid [2, 2] threads 128 (%bx, %by) {
    %c64 = arith.constant 64 : index
    %c32 = arith.constant 32 : index
    %A_s = tl.alloc_shared {tl.name = "A_shared"} : memref<64x32xbf16, #tl.memory_space<shared>>
    %B_s = tl.alloc_shared {tl.name = "B_shared"} : memref<32x64xbf16, #tl.memory_space<shared>>
    %C_l = tl.alloc_fragment {tl.name = "C_local"} : memref<64x64xf32, #tl.memory_space<fragment>>
    tl.clear %C_l : memref<64x64xf32, #tl.memory_space<fragment>>
    %row = arith.muli %by, %c64 : index
    %col = arith.muli %bx, %c64 : index
    tl.pipelined %k = 0 to 2 step 1 stages 3 {
      %kk = arith.muli %k, %c32 : index
      tl.copy %A[%row, %kk] to %A_s : memref<128x64xbf16> to memref<64x32xbf16, #tl.memory_space<shared>>
      tl.copy %B[%kk, %col] to %B_s : memref<64x128xbf16> to memref<32x64xbf16, #tl.memory_space<shared>>
      tl.gemm %A_s, %B_s, %C_l : memref<64x32xbf16, #tl.memory_space<shared>>, memref<32x64xbf16, #tl.memory_space<shared>>, memref<64x64xf32, #tl.memory_space<fragment>>
    }
    tl.copy %C_l to %C[%row, %col] : memref<64x64xf32, #tl.memory_space<fragment>> to memref<128x128xbf16>
  }
  return
}
