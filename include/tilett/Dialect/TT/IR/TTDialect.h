//===- TTDialect.h - Tenstorrent dialect ------------------------*- C++ -*-===//
#ifndef TILETT_DIALECT_TT_IR_TTDIALECT_H
#define TILETT_DIALECT_TT_IR_TTDIALECT_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/Dialect.h"

#include "tilett/Dialect/TT/IR/TTOpsDialect.h.inc"

#endif // TILETT_DIALECT_TT_IR_TTDIALECT_H
