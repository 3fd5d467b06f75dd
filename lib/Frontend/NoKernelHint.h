//===- NoKernelHint.h - Why a script instantiated no kernel -----*- C++ -*-===//

#ifndef TILETT_LIB_FRONTEND_NOKERNELHINT_H
#define TILETT_LIB_FRONTEND_NOKERNELHINT_H

#include "AST.h"

#include <string>

namespace mlir::tilett::frontend {

/// Text to append to "no kernel was instantiated": the factories and
/// prim_funcs `module` defines, and, when no --entry was given, why the
/// first factory built nothing and how to call it.
std::string describeMissingKernel(const ast::Block &module, bool hadEntry);

} // namespace mlir::tilett::frontend

#endif // TILETT_LIB_FRONTEND_NOKERNELHINT_H
