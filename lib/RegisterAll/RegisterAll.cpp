//===- RegisterAll.cpp - One place that registers everything --------------===//

#include "tilett/RegisterAll.h"

#include "tilett/Conversion/Passes.h"
#include "tilett/Dialect/TL/IR/TLOps.h"
#include "tilett/Dialect/TT/IR/TTOps.h"
#include "tilett/Transforms/LegacyPasses.h"
#include "tilett/Transforms/Passes.h"
#include "tilett/Transforms/Pipeline.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/EmitC/IR/EmitC.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/Transforms/Passes.h"

void mlir::tilett::registerAllDialects(DialectRegistry &registry) {
  registry.insert<tl::TLDialect, tt::TTDialect, arith::ArithDialect,
                  func::FuncDialect, math::MathDialect, memref::MemRefDialect,
                  scf::SCFDialect, emitc::EmitCDialect>();
}

void mlir::tilett::registerAllPasses() {
  registerTileTTPasses();
  registerTTPipelines();
  registerTilettConversionPasses();
  registerLegacyPasses();
  // Upstream clean-ups that are handy between our passes.
  registerCanonicalizerPass();
  registerCSEPass();
}
