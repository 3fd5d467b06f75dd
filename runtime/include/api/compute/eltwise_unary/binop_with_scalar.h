// DST tile op scalar; the scalar is passed as the bit pattern of a float.
// div_unary_tile multiplies by the fp32 reciprocal of the scalar.
#pragma once
#include "api/compute/eltwise_unary/eltwise_unary.h"

namespace ckernel {
ALWI void binop_with_scalar_tile_init() { ttemu::compute::initOp(); }
ALWI void add_unary_tile(uint32_t idst, uint32_t param) {
  ttemu::compute::sfpuUnary(ttemu::compute::SfpuOp::AddScalar, idst, param);
}
ALWI void sub_unary_tile(uint32_t idst, uint32_t param) {
  ttemu::compute::sfpuUnary(ttemu::compute::SfpuOp::SubScalar, idst, param);
}
ALWI void mul_unary_tile(uint32_t idst, uint32_t param) {
  ttemu::compute::sfpuUnary(ttemu::compute::SfpuOp::MulScalar, idst, param);
}
ALWI void div_unary_tile(uint32_t idst, uint32_t param) {
  ttemu::compute::sfpuUnary(ttemu::compute::SfpuOp::DivScalar, idst, param);
}
ALWI void rsub_unary_tile(uint32_t idst, uint32_t param) {
  ttemu::compute::sfpuUnary(ttemu::compute::SfpuOp::RsubScalar, idst, param);
}
} // namespace ckernel
