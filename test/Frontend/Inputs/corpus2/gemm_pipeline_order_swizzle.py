# A GEMM tuned the GPU way: T.Pipelined with order/stage, a swizzled shared
# layout, T.use_swizzle(panel_size=..., enable=...), threads and policy hints;
# the C tile goes fragment -> shared -> global.
import tilelang
import tilelang.language as T
from tilelang.intrinsics import make_mma_swizzle_layout as make_swizzle_layout


@tilelang.jit(out_idx=[-1], pass_configs={tilelang.PassConfigKey.TL_DISABLE_TMA_LOWER: True,
                                          tilelang.PassConfigKey.TL_DISABLE_WARP_SPECIALIZED: True})
def matmul(M, N, K, block_M=64, block_N=64, block_K=32, num_stages=3, threads=128, enable_rasterization=True):
    dtype = T.float16
    accum_dtype = T.float32

    @T.prim_func
    def gemm_kernel(A: T.Tensor((M, K), dtype), B: T.Tensor((K, N), dtype), C: T.Tensor((M, N), dtype)):
        with T.Kernel(T.ceildiv(N, block_N), T.ceildiv(M, block_M), threads=threads) as (bx, by):
            A_shared = T.alloc_shared((block_M, block_K), dtype)
            B_shared = T.alloc_shared((block_K, block_N), dtype)
            C_local = T.alloc_fragment((block_M, block_N), accum_dtype)
            C_shared = T.alloc_shared((block_M, block_N), dtype)
            T.annotate_layout({
                A_shared: make_swizzle_layout(A_shared),
                B_shared: make_swizzle_layout(B_shared),
            })
            T.use_swizzle(panel_size=10, enable=enable_rasterization)
            T.clear(C_local)
            for ko in T.Pipelined(T.ceildiv(K, block_K), num_stages=num_stages, order=[0, 1, 2], stage=[0, 0, 1]):
                T.copy(A[by * block_M, ko * block_K], A_shared, coalesced_width=8)
                T.copy(B[ko * block_K, bx * block_N], B_shared)
                T.gemm(A_shared, B_shared, C_local, policy=T.GemmWarpPolicy.Square, k_pack=1)
            T.copy(C_local, C_shared)
            T.copy(C_shared, C[by * block_M, bx * block_N])

    return gemm_kernel


if __name__ == "__main__":
    kernel = matmul(128, 128, 128)
    import torch
    a = torch.randn(128, 128).cuda().half()
    b = torch.randn(128, 128).cuda().half()
    c = kernel(a, b)
    torch.testing.assert_close(c, a @ b, rtol=1e-2, atol=1e-2)
