import tilelang
import tilelang.language as T
from tilelang.intrinsics import make_mma_swizzle_layout as make_swizzle_layout


def matmul(M, N, K, block_M, block_N, block_K, dtype="float16", accum_dtype="float"):
    @T.prim_func
    def main(A: T.Tensor((M, K), dtype), B: T.Tensor((K, N), dtype), C: T.Tensor((M, N), dtype)):
        with T.Kernel(T.ceildiv(N, block_N), T.ceildiv(M, block_M), threads=128) as (bx, by):
            A_shared = T.alloc_shared((block_M, block_K), dtype, scope="shared.dyn")
            B_shared = T.alloc_shared((block_K, block_N), dtype, scope="shared.dyn")
            C_local = T.alloc_fragment((block_M, block_N), accum_dtype)
            T.annotate_layout({
                A_shared: make_swizzle_layout(A_shared),
                B_shared: make_swizzle_layout(B_shared),
            })
            T.clear(C_local)
            for k in range(T.ceildiv(K, block_K)):
                T.copy(A[by * block_M, k * block_K], A_shared, coalesced_width=8)
                T.copy(B[k * block_K, bx * block_N], B_shared)
                T.gemm(A_shared, B_shared, C_local, k_pack=2)
            T.copy(C_local, C[by * block_M, bx * block_N])

    return main


block_K = 32 if 128 < 256 else 64
func = matmul(128, 64, 128, 64, 64, block_K)
