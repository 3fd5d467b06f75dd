//===- tilett-translate.cpp - mlir-translate for tilett -------------------===//
//
// `--import-tilelang` reads a TileLang script into the tl dialect, with
// diagnostics at file:line:col of the script.
//
//===----------------------------------------------------------------------===//

#include "tilett/Frontend/TileLangFrontend.h"

#include "mlir/Tools/mlir-translate/MlirTranslateMain.h"

int main(int argc, char **argv) {
  mlir::tilett::frontend::registerTileLangImport();
  return mlir::failed(
      mlir::mlirTranslateMain(argc, argv, "tilett translation driver\n"));
}
