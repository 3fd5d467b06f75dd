//===- tilett-opt.cpp - mlir-opt for the tl and tt dialects ---------------===//
//
// Runs any registered tilett pass or pipeline on .mlir input, with every
// upstream pass-manager flag (--mlir-print-ir-after-all, --mlir-timing, ...).
//
//===----------------------------------------------------------------------===//

#include "tilett/RegisterAll.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"

int main(int argc, char **argv) {
  mlir::DialectRegistry registry;
  mlir::tilett::registerAllDialects(registry);
  mlir::tilett::registerAllPasses();
  return mlir::asMainReturnCode(mlir::MlirOptMain(
      argc, argv, "tilett optimizer driver\n", registry));
}
