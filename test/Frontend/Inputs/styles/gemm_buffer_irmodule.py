# GEMM with T.Buffer parameters, wrapped in a tvm.IRModule at module level,
# B stored transposed; compiled through tilelang.compile in the driver.
from tilelang import tvm as tvm
import tilelang
import tilelang.language as T

M = N = 256
K = 512
block_M, block_N, block_K = 64, 64, 64


def make_gemm(M, N, K, block_M, block_N, block_K, in_dtype="bfloat16",
              out_dtype="float32", accum_dtype="float32", num_stages=2):
    A_shape = (M, K)
    B_shape = (N, K)  # transposed

    @T.prim_func
    def main(A: T.Buffer(A_shape, in_dtype), B: T.Buffer(B_shape, in_dtype),
             C: T.Buffer((M, N), out_dtype)):
        with T.Kernel(T.ceildiv(N, block_N), T.ceildiv(M, block_M),
                      threads=128) as (bx, by):
            A_shared = T.alloc_shared((block_M, block_K), in_dtype)
            B_shared = T.alloc_shared((block_N, block_K), in_dtype)
            C_local = T.alloc_fragment((block_M, block_N), accum_dtype)
            T.fill(C_local, 0)
            for k in T.Pipelined(K // block_K, num_stages=num_stages):
                T.copy(A[by * block_M:(by + 1) * block_M,
                         k * block_K:(k + 1) * block_K], A_shared)
                T.copy(B[bx * block_N:(bx + 1) * block_N, \
                         k * block_K:(k + 1) * block_K], B_shared)
                T.gemm(A_shared, B_shared, C_local, transpose_B=True)
            T.copy(C_local, C[by * block_M, bx * block_N])

    return main


mod = tvm.IRModule({"main": make_gemm(M, N, K, block_M, block_N, block_K)})
kernel = tilelang.compile(mod, out_idx=[2], target="cuda")
print(kernel.get_kernel_source()[:100])
