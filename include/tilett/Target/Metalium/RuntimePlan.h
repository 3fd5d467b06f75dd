//===- RuntimePlan.h - tt.plan.json: build, validate, write -----*- C++ -*-===//
//
// The runtime plan is everything the host needs to run a compiled kernel and
// nothing it could compute (IR_CONTRACTS.md, "tt.plan.json"). Its core keys
// are the original TileLang-TT backend's, so either system's plans validate
// here.
//
//===----------------------------------------------------------------------===//
#ifndef TILETT_TARGET_METALIUM_RUNTIMEPLAN_H
#define TILETT_TARGET_METALIUM_RUNTIMEPLAN_H

#include "mlir/IR/BuiltinOps.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/JSON.h"

#include <string>
#include <vector>

namespace mlir::tilett {

/// Current plan schema version.
constexpr int64_t kPlanSchemaVersion = 1;
/// Most runtime arguments one kernel may take on one core.
constexpr size_t kMaxRuntimeArgs = 256;

/// Builds the plan of kernel `kernelName` (empty: the module's only kernel)
/// from a module after GridToPersistentTT: the body-less kernel declaration
/// with its metadata, `tt.kernels`, `tt.kernel_args` and `tt.compile_args`.
llvm::Expected<llvm::json::Object> buildRuntimePlan(ModuleOp module,
                                                    StringRef kernelName = "");

/// Every problem with `plan` (at most about 100), each "<json path>:
/// <sentence>"; empty if a runner can run the plan, or if it is the original
/// backend's schedule-only plan and valid as one (IR_CONTRACTS.md,
/// "tt.plan.json"). Parse plan text with parsePlanJSON (PlanJSON.h), which
/// catches what the parsed value can no longer show: duplicate keys, depth.
std::vector<std::string> validateRuntimePlan(const llvm::json::Value &plan);

/// Writes `plan` to `path` atomically (a temporary file renamed into place),
/// so a reader never sees half a plan. Reports failures on stderr.
LogicalResult writeRuntimePlan(const llvm::json::Object &plan, StringRef path);

} // namespace mlir::tilett

#endif // TILETT_TARGET_METALIUM_RUNTIMEPLAN_H
