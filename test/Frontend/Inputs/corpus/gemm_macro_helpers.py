import tilelang
import tilelang.language as T


def matmul_with_helpers(M, N, K, block_M=64, block_N=64, block_K=32, dtype="float16", accum_dtype="float32"):
    num_k = T.ceildiv(K, block_K)

    def load_tiles(A, B, A_shared, B_shared, bx, by, k):
        T.copy(A[by * block_M, k * block_K], A_shared)
        T.copy(B[k * block_K, bx * block_N], B_shared)

    @T.macro
    def epilogue(C_local, scale):
        for i, j in T.Parallel(block_M, block_N):
            C_local[i, j] = C_local[i, j] * scale

    @T.prim_func
    def main(A: T.Tensor((M, K), dtype), B: T.Tensor((K, N), dtype), C: T.Tensor((M, N), dtype)):
        with T.Kernel(T.ceildiv(N, block_N), T.ceildiv(M, block_M), threads=128) as (bx, by):
            A_shared = T.alloc_shared((block_M, block_K), dtype)
            B_shared = T.alloc_shared((block_K, block_N), dtype)
            C_local = T.alloc_fragment((block_M, block_N), accum_dtype)
            T.clear(C_local)
            for k in T.Pipelined(num_k, num_stages=2):
                load_tiles(A, B, A_shared, B_shared, bx, by, k)
                T.gemm(A_shared, B_shared, C_local)
            epilogue(C_local, 0.125)
            T.copy(C_local, C[by * block_M, bx * block_N])

    return main


kernel = matmul_with_helpers(128, 128, 128)
