// RUN: tilett-opt %s -split-input-file -verify-diagnostics
// Every tt.* attribute is checked by the dialect (TTDialect.cpp,
// verifyOperationAttribute); names the dialect does not define are refused,
// also those that merely share a prefix with one it does.

// expected-error @+1 {{expected tt.compute_config to be a dictionary {math_fidelity = "HiFi2", math_approx_mode = true} but got "HiFi2"}}
func.func @config_not_dict() attributes {tt.compute_config = "HiFi2"} {
  return
}

// -----

// expected-error @+1 {{expected tt.compute_config math_fidelity LoFi, HiFi2, HiFi3 or HiFi4 but got "hifi2"}}
func.func @config_bad_fidelity() attributes {tt.compute_config = {math_fidelity = "hifi2"}} {
  return
}

// -----

// expected-error @+1 {{expected tt.compute_config math_fidelity LoFi, HiFi2, HiFi3 or HiFi4 but got 2 : i64}}
func.func @config_fidelity_not_string() attributes {tt.compute_config = {math_fidelity = 2}} {
  return
}

// -----

// expected-error @+1 {{expected tt.compute_config math_approx_mode true or false but got 1 : i64}}
func.func @config_bad_approx() attributes {tt.compute_config = {math_approx_mode = 1}} {
  return
}

// -----

// expected-error @+1 {{expected tt.compute_config fp32_dest_acc_en true or false but got "yes"}}
func.func @config_bad_dest_acc() attributes {tt.compute_config = {fp32_dest_acc_en = "yes"}} {
  return
}

// -----

// expected-error @+1 {{unknown tt.compute_config entry 'dst_full_sync_en'; expected fp32_dest_acc_en, math_fidelity or math_approx_mode}}
func.func @config_unknown_entry() attributes {tt.compute_config = {dst_full_sync_en = true}} {
  return
}

// -----

// expected-error @+1 {{expected tt.kernels to be a list of kernel function symbols but got ["reader"]}}
func.func @kernels_not_symbols() attributes {tt.kernels = ["reader"]} {
  return
}

// -----

// expected-error @+1 {{expected tt.kernel_args to be a dictionary from kernel kind to a list of strings but got ["num_items"]}}
func.func @kernel_args_not_dict() attributes {tt.kernel_args = ["num_items"]} {
  return
}

// -----

// expected-error @+1 {{expected tt.kernel_args keys reader, compute or writer but got 'dma'}}
func.func @kernel_args_bad_kind() attributes {tt.kernel_args = {dma = ["num_items"]}} {
  return
}

// -----

// expected-error @+1 {{expected tt.compile_args.reader to be a list of strings but got [1]}}
func.func @compile_args_not_strings() attributes {tt.compile_args = {reader = [1]}} {
  return
}

// -----

// expected-error @+1 {{expected tt.legacy_passes_run to be a list of pass names but got "InferTTLayout"}}
module attributes {tt.legacy_passes_run = "InferTTLayout"} {
}

// -----

// Names that once passed on their prefix alone.
// expected-error @+1 {{unknown tt dialect attribute 'tt.kernel_name'}}
func.func @prefix_kernel() attributes {tt.kernel_name = "k"} {
  return
}

// -----

// expected-error @+1 {{unknown tt dialect attribute 'tt.compute_configs'}}
func.func @prefix_compute() attributes {tt.compute_configs = {}} {
  return
}

// -----

// expected-error @+1 {{unknown tt dialect attribute 'tt.runtime'}}
func.func @prefix_runtime() attributes {tt.runtime = 1} {
  return
}

// -----

// expected-error @+1 {{unknown tt dialect attribute 'tt.source_file'}}
func.func @prefix_source() attributes {tt.source_file = "a.py"} {
  return
}

// -----

// expected-error @+1 {{unknown tt dialect attribute 'tt.buffer'}}
func.func @prefix_buffer() attributes {tt.buffer = 1} {
  return
}

// -----

// expected-error @+1 {{unknown tt dialect attribute 'tt.plan_file'}}
func.func @prefix_plan() attributes {tt.plan_file = "x"} {
  return
}

// -----

// expected-error @+1 {{unknown tt dialect attribute 'tt.legacy'}}
func.func @prefix_legacy() attributes {tt.legacy = 1} {
  return
}

// -----

// expected-error @+1 {{unknown tt dialect attribute 'tt.compile'}}
func.func @prefix_compile() attributes {tt.compile = 1} {
  return
}
