"""Blocked GEMM in the style of TileLang's gemm examples: a jit-decorated
factory with annotated parameters, swizzle hint and an argparse driver."""
import argparse

import tilelang
import tilelang.language as T
from tilelang.profiler import do_bench  # driver-only import


@tilelang.jit(out_idx=[-1], pass_configs={"tl.disable_tma_lower": True})
def matmul(M: int, N: int, K: int, block_M: int = 128, block_N: int = 128,
           block_K: int = 32, dtype=T.float16, accum_dtype=T.float32):
    # The kernel itself: one output tile per block.
    @T.prim_func
    def gemm_kernel(
        A: T.Tensor((M, K), dtype),
        B: T.Tensor((K, N), dtype),
        C: T.Tensor((M, N), dtype),
    ):
        with T.Kernel(T.ceildiv(N, block_N), T.ceildiv(M, block_M),
                      threads=256) as (bx, by):
            A_shared = T.alloc_shared((block_M, block_K), dtype)
            B_shared = T.alloc_shared((block_K, block_N), dtype)
            C_local = T.alloc_fragment((block_M, block_N), accum_dtype)

            T.use_swizzle(panel_size=10)
            T.clear(C_local)
            for ko in T.Pipelined(T.ceildiv(K, block_K), num_stages=3):
                T.copy(A[by * block_M, ko * block_K], A_shared)
                T.copy(B[ko * block_K, bx * block_N], B_shared,
                       coalesced_width=8)
                T.gemm(A_shared, B_shared, C_local)
            T.copy(C_local, C[by * block_M, bx * block_N])

    return gemm_kernel


def ref_program(a, b):
    return a @ b


def main():
    parser = argparse.ArgumentParser(description="tiled gemm")
    parser.add_argument("--m", type=int, default=512, help="rows of A")
    parser.add_argument("--n", type=int, default=256)
    parser.add_argument("--k", type=int, default=1024)
    parser.add_argument("--block-k", dest="block_k", type=int, default=64)
    args = parser.parse_args()
    M, N, K = args.m, args.n, args.k
    total_flops = 2 * M * N * K
    kernel = matmul(M, N, K, block_K=args.block_k)

    import torch
    a = torch.randn(M, K, device="cuda", dtype=torch.float16)
    b = torch.randn(K, N, device="cuda", dtype=torch.float16)
    c = kernel(a, b)
    torch.testing.assert_close(c, ref_program(a, b), rtol=1e-2, atol=1e-2)
    shapes = {name: tuple(t.shape) for name, t in [("a", a), ("b", b)]}
    latency = do_bench(lambda: kernel(a, b), warmup=25)
    assert latency > 0, f"bad latency {latency}"
    print(f"shapes {shapes}: {latency:.3f} ms, "
          f"{total_flops / latency * 1e-9:.2f} TFLOPS")


if __name__ == "__main__":
    main()
