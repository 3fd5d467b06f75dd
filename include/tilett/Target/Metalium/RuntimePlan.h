//===- RuntimePlan.h - tt.plan.json: build, validate ------------*- C++ -*-===//
//
// The runtime plan is everything the host needs to run a compiled kernel and
// nothing it could compute (IR_CONTRACTS.md, "tt.plan.json"). Its core keys
// are the original TileLang-TT backend's, so either system's plans validate
// here. The plan is one typed value, plan::RuntimePlan (PlanSchema.h): built
// here from the IR, written by its toJSON, read by its fromJSON, validated on
// its fields.
//
//===----------------------------------------------------------------------===//
#ifndef TILETT_TARGET_METALIUM_RUNTIMEPLAN_H
#define TILETT_TARGET_METALIUM_RUNTIMEPLAN_H

#include "tilett/Target/Metalium/PlanSchema.h"

#include "mlir/IR/BuiltinOps.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/JSON.h"

#include <string>
#include <vector>

namespace mlir::tilett {

/// Current plan schema version.
constexpr int64_t kPlanSchemaVersion = 1;

/// Builds the plan of kernel `kernelName` (empty: the module's only kernel)
/// from a module after GridToPersistentTT: the body-less kernel declaration
/// with its metadata, `tt.kernels`, `tt.kernel_args` and `tt.compile_args`.
llvm::Expected<plan::RuntimePlan> buildRuntimePlan(ModuleOp module,
                                                   StringRef kernelName = "");

/// Every problem with `plan` (at most about 100), each "<json path>:
/// <sentence>"; empty if a runner can run the plan, or if it is the original
/// backend's schedule-only plan and valid as one (IR_CONTRACTS.md,
/// "tt.plan.json"). The plan is read with the typed reader (PlanSchema.h)
/// field by field (readFieldByField): a value of the wrong JSON type is
/// reported at its path and leaves its top-level field unread; then every
/// rule is checked on the fields that were read. When `typed` is
/// given it receives the plan as read. Parse plan text with parsePlanJSON
/// (PlanJSON.h), which catches what the parsed value can no longer show:
/// duplicate keys, depth.
std::vector<std::string>
validateRuntimePlan(const llvm::json::Value &plan,
                    plan::RuntimePlan *typed = nullptr);
/// The rules of validateRuntimePlan on a plan already read.
std::vector<std::string> validateRuntimePlan(const plan::RuntimePlan &plan);

/// A plan a runner can run: validated, with a runnable part, and resolved
/// into what the host runs (plan::toHostPlan).
struct RunnablePlan {
  plan::RuntimePlan plan;
  host::Plan host;
};
/// The one way to read a plan for running it (the host emitter, `tilett
/// run`): validateRuntimePlan, then the runnable part. Errors read
/// "<json path>: <sentence>." (the first of the validator's, if any).
llvm::Expected<RunnablePlan> readRunnablePlan(const llvm::json::Value &plan);
llvm::Expected<RunnablePlan> readRunnablePlan(const plan::RuntimePlan &plan);

} // namespace mlir::tilett

#endif // TILETT_TARGET_METALIUM_RUNTIMEPLAN_H
