import itertools

import tilelang
import tilelang.language as T
from tilelang.autotuner import autotune


def get_configs():
    block_M = [64, 128]
    block_N = [64, 128]
    block_K = [32, 64]
    num_stages = [1, 2]
    return [dict(zip(("block_M", "block_N", "block_K", "num_stages"), c))
            for c in itertools.product(block_M, block_N, block_K, num_stages)]


@autotune(configs=get_configs(), warmup=3, rep=20)
@tilelang.jit(out_idx=[-1])
def matmul(M, N, K, block_M=64, block_N=64, block_K=32, num_stages=2, thread_num=128, enable_rasteration=True):
    dtype = "float16"
    accum_dtype = "float"
    k_tiles = T.ceildiv(K, block_K)

    @T.prim_func
    def main(A: T.Tensor((M, K), dtype), B: T.Tensor((N, K), dtype), C: T.Tensor((M, N), dtype)):
        with T.Kernel(T.ceildiv(N, block_N), T.ceildiv(M, block_M), threads=thread_num) as (bx, by):
            A_shared = T.alloc_shared((block_M, block_K), dtype)
            B_shared = T.alloc_shared((block_N, block_K), dtype)
            C_local = T.alloc_fragment((block_M, block_N), accum_dtype)
            C_shared = T.alloc_shared((block_M, block_N), dtype)
            T.use_swizzle(panel_size=10, enable=enable_rasteration)
            T.clear(C_local)
            for k in T.Pipelined(k_tiles, num_stages=num_stages):
                T.copy(A[by * block_M, k * block_K], A_shared)
                T.copy(B[bx * block_N, k * block_K], B_shared)
                T.gemm(A_shared, B_shared, C_local, transpose_B=True)
            T.copy(C_local, C_shared)
            T.copy(C_shared, C[by * block_M, bx * block_N])

    return main


if __name__ == "__main__":
    M, N, K = 128, 128, 128
    best = matmul(M, N, K)
    print(best.config)
