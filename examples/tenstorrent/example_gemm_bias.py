# GEMM with a bias-add and ReLU epilogue: the 1-D bias is indexed by the
# column, so it is broadcast over the rows of the accumulator.
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def matmul_bias_relu(M, N, K, block_M, block_N, block_K, dtype="bfloat16", accum_dtype="float"):

    @T.prim_func
    def main(
            A: T.Tensor((M, K), dtype),
            B: T.Tensor((K, N), dtype),
            Bias: T.Tensor((N,), accum_dtype),
            C: T.Tensor((M, N), dtype),
    ):
        with T.Kernel(T.ceildiv(N, block_N), T.ceildiv(M, block_M), threads=128) as (bx, by):
            A_shared = T.alloc_shared((block_M, block_K), dtype)
            B_shared = T.alloc_shared((block_K, block_N), dtype)
            bias = T.alloc_fragment((block_N,), accum_dtype)
            C_local = T.alloc_fragment((block_M, block_N), accum_dtype)

            T.copy(Bias[bx * block_N], bias)
            T.clear(C_local)
            for k in T.Pipelined(T.ceildiv(K, block_K), num_stages=2):
                T.copy(A[by * block_M, k * block_K], A_shared)
                T.copy(B[k * block_K, bx * block_N], B_shared)
                T.gemm(A_shared, B_shared, C_local)
            for i, j in T.Parallel(block_M, block_N):
                C_local[i, j] = T.max(C_local[i, j] + bias[j], 0)
            T.copy(C_local, C[by * block_M, bx * block_N])

    return main


func = matmul_bias_relu(256, 256, 128, 64, 64, 32)
