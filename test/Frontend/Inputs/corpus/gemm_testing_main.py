import math
import tilelang
import tilelang.testing
import tilelang.language as T

DTYPE = "float" + "16"
ACC = T.float32


@tilelang.jit(out_idx=[-1])
def matmul(M: int, N: int, K: int, block_M: int = 64, block_N: int = 64, block_K: int = 32,
           dtype: str = DTYPE) -> "tilelang.JITKernel":
    a = b = 1
    num_k = math.ceil(K / block_K)
    grid_m = int(M / block_M)

    @T.prim_func
    def main(A: T.Tensor((M, K), dtype=dtype), \
             B: T.Buffer[(K, N), dtype],
             C: T.Tensor((M, N), dtype)) -> None:
        with T.Kernel(N // block_N, grid_m, threads=(128)) as (bx, by):
            A_shared = T.alloc_shared([block_M, block_K], dtype=dtype)
            B_shared = T.alloc_shared((block_K, block_N), dtype)
            C_local = T.alloc_fragment((block_M, block_N), dtype=ACC)
            T.clear(C_local)
            for k in T.Pipelined(num_k, num_stages=3, order=[-1, 0, 1], stage=[-1, 0, 0], group=[[0], [1], [2]]):
                T.copy(A[by * block_M, k * block_K], A_shared)
                T.copy(B[k * block_K, bx * block_N], B_shared)
                T.gemm(A_shared, B_shared, C_local, policy=T.GemmWarpPolicy.FullCol)
            for i, j in T.Parallel(block_M, block_N):
                C_local[i, j] = T.max(C_local[i, j], T.float32(0)) * a * b
            T.copy(C_local, C[by * block_M, bx * block_N])

    return main


@tilelang.testing.requires_cuda
def test_matmul():
    kernel = matmul(128, 128, 128)
    ref = lambda x, y: x @ y
    profiler = kernel.get_profiler()
    profiler.assert_allclose(ref, atol=1e-2, rtol=1e-2)


if __name__ == "__main__":
    tilelang.testing.main()
