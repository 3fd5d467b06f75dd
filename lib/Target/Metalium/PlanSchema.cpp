//===- PlanSchema.cpp - Typed entries of tt.plan.json ---------------------===//

#include "tilett/Target/Metalium/PlanSchema.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Path.h"

using namespace mlir::tilett;
namespace json = llvm::json;

bool plan::fromJSON(const json::Value &v, Buffer &b, json::Path p) {
  json::ObjectMapper o(v, p);
  return o && o.map("name", b.name) && o.map("dtype", b.dtype) &&
         o.map("role", b.role) && o.map("shape", b.shape) &&
         o.map("padded_shape", b.paddedShape) &&
         o.map("page_size", b.pageSize) && o.map("num_pages", b.numPages) &&
         o.map("arg_index", b.argIndex) && o.map("memory", b.memory) &&
         o.map("layout", b.layout) && o.map("tile_id_order", b.tileIdOrder) &&
         o.map("tile", b.tile);
}

bool plan::fromJSON(const json::Value &v, CircularBuffer &cb, json::Path p) {
  json::ObjectMapper o(v, p);
  return o && o.map("index", cb.index) && o.map("dtype", cb.dtype) &&
         o.map("page_size", cb.pageSize) && o.map("num_pages", cb.numPages) &&
         o.map("buffer", cb.buffer);
}

bool plan::fromJSON(const json::Value &v, Semaphore &s, json::Path p) {
  json::ObjectMapper o(v, p);
  return o && o.map("id", s.id) && o.map("initial_value", s.initialValue);
}

bool plan::fromJSON(const json::Value &v, Kernel &k, json::Path p) {
  json::ObjectMapper o(v, p);
  return o && o.map("file", k.file) && o.map("processor", k.processor) &&
         o.map("noc", k.noc) && o.map("math_fidelity", k.mathFidelity) &&
         o.map("fp32_dest_acc_en", k.fp32DestAccEn) &&
         o.map("math_approx_mode", k.mathApproxMode) &&
         o.map("defines", k.defines);
}

std::string plan::describeError(const json::Path::Root &root) {
  std::string text = llvm::toString(root.getError());
  // LLVM's messages are fixed phrases without either separator.
  for (llvm::StringRef separator : {" at ", " when parsing "}) {
    auto [message, where] = llvm::StringRef(text).split(separator);
    if (!where.empty())
      return (where + ": " + message + ".").str();
  }
  return "$: " + text + ".";
}

std::optional<std::string> plan::checkKernelFile(llvm::StringRef file) {
  namespace sp = llvm::sys::path;
  // The host program splices the name into a C++ string literal.
  if (file.empty() || !llvm::all_of(file, [](char c) {
        return llvm::isAlnum(c) || llvm::StringRef("_-./").contains(c);
      }))
    return std::string("a kernel file must be a non-empty path of letters, "
                       "digits, '_', '-', '.' and '/'.");
  if (sp::is_absolute(file, sp::Style::posix))
    return "the kernel file '" + file.str() +
           "' must be relative to the plan's directory.";
  int depth = 0;
  for (llvm::StringRef part :
       llvm::make_range(sp::begin(file, sp::Style::posix), sp::end(file))) {
    depth += part == ".." ? -1 : part == "." ? 0 : 1;
    if (depth < 0)
      return "the kernel file '" + file.str() + "' leaves the plan's directory.";
  }
  return std::nullopt;
}
