import tilelang
import tilelang.language as T


def linear(M, N, K, block_M=64, block_N=64, block_K=32, dtype="bfloat16", accum_dtype="float"):
    """y = x @ W + bias (bias broadcast over rows)."""

    @T.prim_func
    def main(
        X: T.Tensor((M, K), dtype),
        W: T.Tensor((K, N), dtype),
        Bias: T.Tensor((N,), dtype),
        Y: T.Tensor((M, N), dtype),
    ):
        with T.Kernel(T.ceildiv(N, block_N), T.ceildiv(M, block_M), threads=128) as (bx, by):
            x_s = T.alloc_shared((block_M, block_K), dtype)
            w_s = T.alloc_shared((block_K, block_N), dtype)
            bias_s = T.alloc_shared((block_N,), dtype)
            acc = T.alloc_fragment((block_M, block_N), accum_dtype)
            T.clear(acc)
            T.copy(Bias[bx * block_N], bias_s)
            for k in T.Pipelined(T.ceildiv(K, block_K), num_stages=2):
                T.copy(X[by * block_M, k * block_K], x_s)
                T.copy(W[k * block_K, bx * block_N], w_s)
                T.gemm(x_s, w_s, acc)
            for i, j in T.Parallel(block_M, block_N):
                acc[i, j] += bias_s[j]
            T.copy(acc, Y[by * block_M, bx * block_N])

    return main


func = linear(128, 128, 64)
