//===- HostEmitter.h - runtime plan to a TT-Metalium host program -*- C++ -*-===//
#ifndef TILETT_TARGET_METALIUM_HOSTEMITTER_H
#define TILETT_TARGET_METALIUM_HOSTEMITTER_H

#include "tilett/Target/Metalium/PlanSchema.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"

#include <optional>

namespace mlir::tilett::metalium {

/// Host API generation of the generated host.cpp: the current mesh API
/// (MeshDevice, MeshBuffer, MeshWorkload) or the classic one (CreateDevice,
/// CreateBuffer, EnqueueProgram).
enum class HostApi { Current, Classic };

/// Parses "current" / "classic"; nullopt otherwise.
std::optional<HostApi> parseHostApi(llvm::StringRef text);

/// Writes host.cpp for a runtime plan (tt.plan.json, schema_version 1): the
/// plan, validated and resolved by readRunnablePlan (RuntimePlan.h), as one
/// tilett_host::Plan
/// aggregate, and a main() that runs it with the host library shipped beside
/// it (getHostLibraryFiles): open device 0, create the buffers, circular
/// buffers, semaphores, kernels and their per-core runtime arguments, write
/// the inputs (files or a seeded pattern), run, read the outputs back.
/// Fails with a message naming the plan field ("tt.plan.json: <json path>:
/// ...") when the plan lacks something the program needs.
llvm::Error emitHostProgram(const plan::RuntimePlan &plan, HostApi api,
                            llvm::raw_ostream &os);

/// The host library (include/tilett/Host) as {file name, text}: the headers
/// host.cpp includes, written beside it by `tilett compile`.
llvm::ArrayRef<std::pair<llvm::StringLiteral, llvm::StringLiteral>>
getHostLibraryFiles();

/// Writes the CMakeLists.txt that builds host.cpp against an installed
/// TT-Metalium (find_package(TT-Metalium), TT::Metalium).
void emitHostCMakeLists(llvm::StringRef kernelName, llvm::raw_ostream &os);

} // namespace mlir::tilett::metalium

#endif // TILETT_TARGET_METALIUM_HOSTEMITTER_H
