// RUN: tilett-opt %s --tt-insert-dst-sync --split-input-file --verify-diagnostics | FileCheck %s

// A section becomes the handoff of one DST half: math between acquire and
// commit, pack between wait and release, in the section's place.
// CHECK-LABEL: func.func @compute
// CHECK:      tt.cb_wait_front %[[IN:.*]], %[[N:.*]]
// CHECK-NEXT: tt.tile_regs_acquire
// CHECK-NEXT: tt.copy_tile_init %[[IN]]
// CHECK-NEXT: scf.for
// CHECK-NEXT:   arith.index_cast
// CHECK-NEXT:   tt.copy_tile %[[IN]]
// CHECK:      tt.cb_pop_front %[[IN]], %[[N]]
// CHECK-NEXT: tt.tile_regs_commit
// CHECK-NEXT: tt.tile_regs_wait
// CHECK-NEXT: tt.cb_reserve_back %[[OUT:.*]], %[[N]]
// CHECK-NEXT: scf.for
// CHECK-NEXT:   arith.index_cast
// CHECK-NEXT:   tt.pack_tile %{{.*}}, %[[OUT]]
// CHECK:      tt.cb_push_back %[[OUT]], %[[N]]
// CHECK-NEXT: tt.tile_regs_release
// CHECK-NOT:  tt.dst_section
func.func @compute() attributes {tt.kernel_kind = #tt.kernel_kind<compute>,
    tt.compute_config = {fp32_dest_acc_en = false}} {
  %in = arith.constant 0 : i32
  %out = arith.constant 16 : i32
  %n = arith.constant 8 : i32
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  tt.cb_wait_front %in, %n
  tt.dst_section tiles 8 {
    tt.copy_tile_init %in
    scf.for %k = %c0 to %c8 step %c1 {
      %t = arith.index_cast %k : index to i32
      tt.copy_tile %in, %t, %t
    }
    tt.cb_pop_front %in, %n
  } pack {
    tt.cb_reserve_back %out, %n
    scf.for %k = %c0 to %c8 step %c1 {
      %t = arith.index_cast %k : index to i32
      tt.pack_tile %t, %out
    }
    tt.cb_push_back %out, %n
  }
  return
}

// -----

// Sections inside loops and threads are replaced where they are.
// CHECK-LABEL: func.func @in_thread
// CHECK:      tt.thread <compute>
// CHECK-NEXT:   scf.for
// CHECK-NEXT:     tt.tile_regs_acquire
// CHECK-NEXT:     tt.fill_tile_init
// CHECK-NEXT:     tt.fill_tile
// CHECK-NEXT:     tt.tile_regs_commit
// CHECK-NEXT:     tt.tile_regs_wait
// CHECK-NEXT:     tt.pack_tile
// CHECK-NEXT:     tt.tile_regs_release
func.func @in_thread() {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %slot = arith.constant 0 : i32
  %cb = arith.constant 3 : i32
  tt.thread <compute> {
    scf.for %i = %c0 to %c4 step %c1 {
      tt.dst_section tiles 1 {
        tt.fill_tile_init
        tt.fill_tile %slot, 1.0
      } pack {
        tt.pack_tile %slot, %cb
      }
    }
  }
  return
}

// -----

// With fp32 accumulation a DST half holds 4 tiles.
func.func @too_big() attributes {tt.kernel_kind = #tt.kernel_kind<compute>,
    tt.compute_config = {fp32_dest_acc_en = true}} {
  // expected-error @below {{'tt.dst_section' op uses 8 DST tiles but a DST half holds 4 with fp32_dest_acc_en}}
  tt.dst_section tiles 8 {
  } pack {
  }
  return
}

// -----

func.func @too_big_bf16() attributes {tt.kernel_kind = #tt.kernel_kind<compute>} {
  // expected-error @below {{'tt.dst_section' op uses 9 DST tiles but a DST half holds 8}}
  tt.dst_section tiles 9 {
  } pack {
  }
  return
}
