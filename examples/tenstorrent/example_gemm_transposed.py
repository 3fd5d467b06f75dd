# GEMM on transposed operands: A stored K x M (transpose_A) and B stored N x K
# (transpose_B), as attention kernels read Q^T or K^T.
import tilelang.language as T


def matmul_at(M, N, K, block_M, block_N, block_K, dtype="bfloat16", accum_dtype="float"):

    @T.prim_func
    def main(A: T.Tensor((K, M), dtype), B: T.Tensor((N, K), dtype), C: T.Tensor((M, N), dtype)):
        with T.Kernel(T.ceildiv(N, block_N), T.ceildiv(M, block_M), threads=128) as (bx, by):
            A_shared = T.alloc_shared((block_K, block_M), dtype)
            B_shared = T.alloc_shared((block_N, block_K), dtype)
            C_local = T.alloc_fragment((block_M, block_N), accum_dtype)
            T.clear(C_local)
            for k in T.Pipelined(T.ceildiv(K, block_K), num_stages=2):
                T.copy(A[k * block_K, by * block_M], A_shared)
                T.copy(B[bx * block_N, k * block_K], B_shared)
                T.gemm(A_shared, B_shared, C_local, transpose_A=True, transpose_B=True)
            T.copy(C_local, C[by * block_M, bx * block_N])

    return main


func = matmul_at(256, 256, 256, 64, 64, 32)
