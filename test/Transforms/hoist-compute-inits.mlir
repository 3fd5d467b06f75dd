// RUN: tilett-opt %s --tt-hoist-compute-inits --split-input-file | FileCheck %s

// One configuration of a kind in a loop body, repeated: set once before the
// loop. The unpack init (copy_tile_init) and the SFPU init (relu_tile_init)
// are separate kinds.
// CHECK-LABEL: func.func @hoist
// CHECK:      tt.thread <compute>
// CHECK-NEXT:   %[[CB:.*]] = arith.constant 0 : i32
// CHECK-NEXT:   tt.copy_tile_init %[[CB]]
// CHECK-NEXT:   tt.relu_tile_init
// CHECK-NEXT:   scf.for
// CHECK-NEXT:     arith.index_cast
// CHECK-NEXT:     arith.constant
// CHECK-NEXT:     tt.copy_tile
// CHECK-NEXT:     tt.relu_tile
// CHECK-NEXT:   }
func.func @hoist() {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  tt.thread <compute> {
    scf.for %i = %c0 to %c4 step %c1 {
      %t = arith.index_cast %i : index to i32
      %cb = arith.constant 0 : i32
      tt.copy_tile_init %cb
      tt.copy_tile %cb, %t, %t
      tt.relu_tile_init
      tt.relu_tile %t
    }
  }
  return
}

// -----

// Two configurations of one kind in the body: each must be set per tile.
// CHECK-LABEL: func.func @two_configs
// CHECK:      scf.for
// CHECK-NEXT:   arith.index_cast
// CHECK-NEXT:   tt.copy_tile_init %[[A:.*]]
// CHECK-NEXT:   tt.copy_tile %[[A]]
// CHECK-NEXT:   tt.copy_tile_init %[[B:.*]]
// CHECK-NEXT:   tt.copy_tile %[[B]]
func.func @two_configs() {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %a = arith.constant 0 : i32
  %b = arith.constant 1 : i32
  tt.thread <compute> {
    scf.for %i = %c0 to %c4 step %c1 {
      %t = arith.index_cast %i : index to i32
      tt.copy_tile_init %a
      tt.copy_tile %a, %t, %t
      tt.copy_tile_init %b
      tt.copy_tile %b, %t, %t
    }
  }
  return
}

// -----

// An op that configures unpack and math together (mm_init) ends what is
// known: the loop keeps its init, and the init after it is not a repeat.
// CHECK-LABEL: func.func @barrier
// CHECK:      tt.copy_tile_init
// CHECK-NEXT: tt.mm_init
// CHECK-NEXT: tt.copy_tile_init
// CHECK:      scf.for
// CHECK-NEXT:   tt.copy_tile_init
// CHECK-NEXT:   tt.mm_init
func.func @barrier() {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %a = arith.constant 0 : i32
  %b = arith.constant 1 : i32
  %c = arith.constant 16 : i32
  tt.thread <compute> {
    tt.copy_tile_init %a
    tt.mm_init %a, %b, %c
    tt.copy_tile_init %a
    scf.for %i = %c0 to %c4 step %c1 {
      tt.copy_tile_init %a
      tt.mm_init %a, %b, %c
    }
  }
  return
}

// -----

// A repeat with no other init of its kind in between is dropped; a change
// of configuration is kept. Data-movement threads are left alone.
// CHECK-LABEL: func.func @repeats
// CHECK:      tt.thread <compute>
// CHECK-NEXT:   tt.copy_tile_init %[[A:[^ ]*]]
// CHECK-NEXT:   tt.copy_tile %[[A]]
// CHECK-NEXT:   tt.copy_tile %[[A]]
// CHECK-NEXT:   tt.copy_tile_init %[[B:[^ ]*]]
// CHECK-NEXT:   tt.copy_tile %[[B]]
// CHECK-NEXT: }
func.func @repeats() {
  %a = arith.constant 0 : i32
  %b = arith.constant 1 : i32
  %t = arith.constant 0 : i32
  tt.thread <compute> {
    tt.copy_tile_init %a
    tt.copy_tile %a, %t, %t
    tt.copy_tile_init %a
    tt.copy_tile %a, %t, %t
    tt.copy_tile_init %b
    tt.copy_tile %b, %t, %t
  }
  return
}
