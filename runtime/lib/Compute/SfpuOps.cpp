// SFPU ops: element-wise functions of DST tiles, computed in fp32 and stored
// back in the tile's DST format.
#include "ComputeState.h"
#include "SfpuCost.h"

#include <cmath>
#include <numbers>

namespace ttemu::compute {

using namespace detail;
using num::Rounding;

namespace detail {

float sfpuStore(double value, DataFormat fmt, Rounding rounding) {
  float f = static_cast<float>(value);
  if (fmt == DataFormat::Float32 || num::isIntegerFormat(fmt))
    return f;
  return num::roundToFormat(f, fmt, rounding);
}

} // namespace detail

namespace {

double gelu(double x, bool approx) {
  if (approx) {
    const double k = std::sqrt(2.0 / std::numbers::pi);
    return 0.5 * x * (1.0 + std::tanh(k * (x + 0.044715 * x * x * x)));
  }
  return 0.5 * x * (1.0 + std::erf(x / std::numbers::sqrt2));
}

double sigmoid(double x) { return 1.0 / (1.0 + std::exp(-x)); }

double apply(SfpuOp op, double x, float p, uint32_t rawParam, bool approx) {
  switch (op) {
  case SfpuOp::Exp:
    return std::exp(x);
  case SfpuOp::Relu:
    return x > 0 ? x : 0.0;
  case SfpuOp::ReluMax:
    return std::min(x > 0 ? x : 0.0, double(p));
  case SfpuOp::ReluMin:
    return x > p ? x : 0.0;
  case SfpuOp::LeakyRelu:
    return x < 0 ? x * p : x;
  case SfpuOp::Recip:
    return 1.0 / x;
  case SfpuOp::Sqrt:
    return std::sqrt(x);
  case SfpuOp::Rsqrt:
    return 1.0 / std::sqrt(x);
  case SfpuOp::Sigmoid:
    return sigmoid(x);
  case SfpuOp::Gelu:
    return gelu(x, approx);
  case SfpuOp::Tanh:
    return std::tanh(x);
  case SfpuOp::Log:
    return std::log(x);
  case SfpuOp::Abs:
    return std::fabs(x);
  case SfpuOp::Negative:
    return -x;
  case SfpuOp::Square:
    return x * x;
  case SfpuOp::Sign:
    return x > 0 ? 1.0 : x < 0 ? -1.0 : 0.0;
  case SfpuOp::Silu:
    return x * sigmoid(x);
  case SfpuOp::Sin:
    return std::sin(x);
  case SfpuOp::Cos:
    return std::cos(x);
  case SfpuOp::Exp2:
    return std::exp2(x);
  case SfpuOp::Expm1:
    return std::expm1(x);
  case SfpuOp::Log1p:
    return std::log1p(x);
  case SfpuOp::Erf:
    return std::erf(x);
  case SfpuOp::Fill:
    return p;
  case SfpuOp::AddScalar:
    return float(x) + p;
  case SfpuOp::SubScalar:
    return float(x) - p;
  case SfpuOp::MulScalar:
    return float(x) * p;
  case SfpuOp::DivScalar:
    return float(x) * (1.0f / p);
  case SfpuOp::RsubScalar:
    return p - float(x);
  case SfpuOp::Power:
    return std::pow(x, double(rawParam));
  case SfpuOp::Gtz:
    return x > 0 ? 1.0 : 0.0;
  case SfpuOp::Ltz:
    return x < 0 ? 1.0 : 0.0;
  case SfpuOp::Gez:
    return x >= 0 ? 1.0 : 0.0;
  case SfpuOp::Lez:
    return x <= 0 ? 1.0 : 0.0;
  case SfpuOp::Eqz:
    return x == 0 ? 1.0 : 0.0;
  case SfpuOp::Nez:
    return x != 0 ? 1.0 : 0.0;
  }
  return x;
}

/// The API name of `op`, for error messages.
const char *unaryName(SfpuOp op) {
  static const char *const names[] = {
      "exp_tile",       "relu_tile",      "relu_max_tile",  "relu_min_tile",
      "leaky_relu_tile", "recip_tile",    "sqrt_tile",      "rsqrt_tile",
      "sigmoid_tile",   "gelu_tile",      "tanh_tile",      "log_tile",
      "abs_tile",       "negative_tile",  "square_tile",    "sign_tile",
      "silu_tile",      "sin_tile",       "cos_tile",       "exp2_tile",
      "expm1_tile",     "log1p_tile",     "erf_tile",       "fill_tile",
      "add_unary_tile", "sub_unary_tile", "mul_unary_tile", "div_unary_tile",
      "rsub_unary_tile", "power_tile",    "gtz_tile",       "ltz_tile",
      "gez_tile",       "lez_tile",       "eqz_tile",       "nez_tile"};
  static_assert(sizeof(names) / sizeof(names[0]) ==
                static_cast<size_t>(SfpuOp::Nez) + 1);
  return names[static_cast<size_t>(op)];
}

const char *binaryName(SfpuBinaryOp op) {
  switch (op) {
  case SfpuBinaryOp::Add:
    return "add_binary_tile";
  case SfpuBinaryOp::Sub:
    return "sub_binary_tile";
  case SfpuBinaryOp::Rsub:
    return "rsub_binary_tile";
  case SfpuBinaryOp::Mul:
    return "mul_binary_tile";
  case SfpuBinaryOp::Div:
    return "div_binary_tile";
  case SfpuBinaryOp::Max:
    return "binary_max_tile";
  case SfpuBinaryOp::Min:
    return "binary_min_tile";
  case SfpuBinaryOp::Pow:
    return "power_binary_tile";
  }
  return "sfpu binary op";
}

} // namespace

void sfpuUnary(SfpuOp op, uint32_t dstIndex, uint32_t param, bool approx) {
  if (chargeOnlyDst(sfpuCostOp(op, approx), dstIndex, unaryName(op)))
    return;
  float *d = mathTile(dstIndex, unaryName(op));
  // A tile nothing wrote since acquire (fill_tile's usual target) holds
  // the DST's own format: fp32 with fp32_dest_acc_en, else bf16.
  DataFormat fmt = dst().fresh[dstIndex] ? dstFormatFor(DataFormat::Float16_b).fmt
                                         : dst().formats[dstIndex];
  float p = num::bitsToFloat(param);
  for (uint32_t i = 0; i < kTileElems; ++i) {
    // The SFPU computes in fp32; std:: math in double then rounded to fp32
    // stands in for its (close to correctly rounded) fp32 results.
    float x = d[i];
    float y = static_cast<float>(apply(op, x, p, param, approx));
    d[i] = sfpuStore(y, fmt, Rounding::TowardZero);
  }
  markWritten(dstIndex, fmt);
  host().charge(sfpuCostOp(op, approx), fmt, 1);
}

void sfpuBinary(SfpuBinaryOp op, uint32_t dst0, uint32_t dst1, uint32_t out) {
  const char *name = binaryName(op);
  if (chargeOnlyDst(CostOp::SfpuTile, out, name))
    return;
  const float *a = mathTile(dst0, name);
  const float *b = mathTile(dst1, name);
  float *o = mathTile(out, name);
  DataFormat fmt = dst().formats[dst0];
  // SFPSTORE to a 16-bit DST truncates; mul and div round to nearest even
  // before the store (tt-metal's eltwise_binary_sfpu.h).
  Rounding r = (op == SfpuBinaryOp::Mul || op == SfpuBinaryOp::Div)
                   ? Rounding::NearestEven
                   : Rounding::TowardZero;
  for (uint32_t i = 0; i < kTileElems; ++i) {
    float x = a[i], y = b[i], v = 0;
    switch (op) {
    case SfpuBinaryOp::Add:
      v = x + y;
      break;
    case SfpuBinaryOp::Sub:
      v = x - y;
      break;
    case SfpuBinaryOp::Rsub:
      v = y - x;
      break;
    case SfpuBinaryOp::Mul:
      v = x * y;
      break;
    case SfpuBinaryOp::Div:
      v = x / y;
      break;
    case SfpuBinaryOp::Max:
      v = std::fmax(x, y);
      break;
    case SfpuBinaryOp::Min:
      v = std::fmin(x, y);
      break;
    case SfpuBinaryOp::Pow:
      v = static_cast<float>(std::pow(double(x), double(y)));
      break;
    }
    o[i] = sfpuStore(v, fmt, r);
  }
  markWritten(out, fmt);
  host().charge(CostOp::SfpuTile, fmt, 1);
}

void sfpuWhere(uint32_t cond, uint32_t onTrue, uint32_t onFalse,
               uint32_t out) {
  if (chargeOnlyDst(CostOp::SfpuTile, out, "where_tile"))
    return;
  const float *c = mathTile(cond, "where_tile");
  const float *a = mathTile(onTrue, "where_tile");
  const float *b = mathTile(onFalse, "where_tile");
  float *o = mathTile(out, "where_tile");
  DataFormat fmt = dst().formats[onTrue];
  for (uint32_t i = 0; i < kTileElems; ++i)
    o[i] = c[i] != 0.0f ? a[i] : b[i];
  markWritten(out, fmt);
  host().charge(CostOp::SfpuTile, fmt, 1);
}

} // namespace ttemu::compute
