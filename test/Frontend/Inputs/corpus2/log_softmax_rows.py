# Row-wise log-softmax: x - max - log(sum(exp(x - max))), one block of rows
# per program, the statistics in 1-D fragments.
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def log_softmax(M, N, block_M=32, dtype=T.float32):
    @T.prim_func
    def main(X: T.Tensor((M, N), dtype), Y: T.Tensor((M, N), dtype)):
        with T.Kernel(T.ceildiv(M, block_M), threads=256) as bx:
            x = T.alloc_fragment((block_M, N), dtype)
            e = T.alloc_fragment((block_M, N), dtype)
            mx = T.alloc_fragment((block_M,), dtype)
            lse = T.alloc_fragment((block_M,), dtype)
            T.copy(X[bx * block_M:(bx + 1) * block_M, 0:N], x)
            T.reduce_max(x, mx, dim=1)
            for i, j in T.Parallel(block_M, N):
                e[i, j] = T.exp(x[i, j] - mx[i])
            T.reduce_sum(e, lse, dim=1)
            for i in T.Parallel(block_M):
                lse[i] = T.log(lse[i]) + mx[i]
            for i, j in T.Parallel(block_M, N):
                x[i, j] = x[i, j] - lse[i]
            T.copy(x, Y[bx * block_M:(bx + 1) * block_M, 0:N])

    return main


kernel = log_softmax(64, 128)
