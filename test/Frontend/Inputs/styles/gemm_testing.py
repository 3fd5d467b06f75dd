# Parametrised GEMM in the style of TileLang's kernel tests: shapes chosen
# from transpose flags, positional transpose arguments to T.gemm, and test
# functions that are only run by the test harness (use --entry).
from tilelang import tvm as tvm
import tilelang.testing
import tilelang.language as T


def matmul(
    M,
    N,
    K,
    block_M,
    block_N,
    block_K,
    trans_A,
    trans_B,
    in_dtype,
    out_dtype,
    accum_dtype,
    num_stages,
    threads,
):
    A_shape = (K, M) if trans_A else (M, K)
    B_shape = (N, K) if trans_B else (K, N)
    A_shared_shape = (block_K, block_M) if trans_A else (block_M, block_K)
    B_shared_shape = (block_N, block_K) if trans_B else (block_K, block_N)

    @T.prim_func
    def main(
        A: T.Tensor(A_shape, in_dtype),
        B: T.Tensor(B_shape, in_dtype),
        C: T.Tensor((M, N), out_dtype),
    ):
        with T.Kernel(T.ceildiv(N, block_N), T.ceildiv(M, block_M), threads=threads) as (bx, by):
            A_shared = T.alloc_shared(A_shared_shape, in_dtype)
            B_shared = T.alloc_shared(B_shared_shape, in_dtype)
            C_local = T.alloc_fragment((block_M, block_N), accum_dtype)
            T.clear(C_local)
            for k in T.Pipelined(T.ceildiv(K, block_K), num_stages=num_stages):
                if trans_A:
                    T.copy(A[k * block_K, by * block_M], A_shared)
                else:
                    T.copy(A[by * block_M, k * block_K], A_shared)
                if trans_B:
                    T.copy(B[bx * block_N, k * block_K], B_shared)
                else:
                    T.copy(B[k * block_K, bx * block_N], B_shared)
                T.gemm(A_shared, B_shared, C_local, trans_A, trans_B)
            T.copy(C_local, C[by * block_M, bx * block_N])

    return main


def run_gemm(M, N, K, trans_A, trans_B, in_dtype, out_dtype, dtypeAccum,
             block_M, block_N, block_K, num_stages=0, num_threads=128):
    program = matmul(M, N, K, block_M, block_N, block_K, trans_A, trans_B,
                     in_dtype, out_dtype, dtypeAccum, num_stages, num_threads)
    kernel = tilelang.compile(program, out_idx=[2])
    profiler = kernel.get_profiler()

    def ref_program(A, B):
        import torch
        if trans_A:
            A = A.T
        if trans_B:
            B = B.T
        return torch.matmul(A.to(torch.float), B.to(torch.float))

    profiler.assert_allclose(ref_program, atol=1e-2, rtol=1e-2)


@tilelang.testing.requires_cuda
def test_gemm_f16f16f32_tn():
    run_gemm(512, 256, 768, True, False, T.float16, T.float16, T.float32,
             128, 128, 32, num_stages=2)


if __name__ == "__main__":
    tilelang.testing.main()
