"""Tiled GEMM, written the way most TileLang READMEs show it."""
import tilelang
from tilelang import language as T


@tilelang.jit(out_idx=[-1])
def matmul(M: int, N: int, K: int, block_M: int = 64, block_N: int = 64,
           block_K: int = 32, dtype: str = "float16", accum_dtype: str = "float"):
    @T.prim_func
    def gemm(
        A: T.Tensor((M, K), dtype),
        B: T.Tensor((K, N), dtype),
        C: T.Tensor((M, N), dtype),
    ):
        with T.Kernel(T.ceildiv(N, block_N), T.ceildiv(M, block_M), threads=128) as (bx, by):
            A_shared = T.alloc_shared((block_M, block_K), dtype)
            B_shared = T.alloc_shared((block_K, block_N), dtype)
            C_local = T.alloc_fragment((block_M, block_N), accum_dtype)
            T.clear(C_local)
            for k in T.Pipelined(T.ceildiv(K, block_K), num_stages=2):
                T.copy(A[by * block_M, k * block_K], A_shared)
                T.copy(B[k * block_K, bx * block_N], B_shared)
                T.gemm(A_shared, B_shared, C_local)
            T.copy(C_local, C[by * block_M, bx * block_N])

    return gemm


kernel = matmul(128, 128, 128)
# The same instantiation again (as a benchmark loop would): one kernel.
kernel_again = matmul(128, 128, 128)
