# Row softmax with a @T.macro helper inlined into the kernel, compiled
# through tilelang.compile at module level.
import tilelang
import tilelang.language as T


def softmax_rows(M, N, block_M, dtype="float32"):
    @T.macro
    def row_max(src, dst):
        T.fill(dst, -T.infinity(dtype))
        T.reduce_max(src, dst, dim=1, clear=False)

    @T.prim_func
    def main(X: T.Tensor((M, N), dtype), Y: T.Tensor((M, N), dtype)):
        with T.Kernel(T.ceildiv(M, block_M), threads=128) as bx:
            x = T.alloc_fragment((block_M, N), dtype)
            m = T.alloc_fragment((block_M,), dtype)
            s = T.alloc_fragment((block_M,), dtype)
            T.copy(X[bx * block_M, 0], x)
            row_max(x, m)
            for i, j in T.Parallel(block_M, N):
                x[i, j] = T.exp(x[i, j] - m[i])
            T.reduce_sum(x, s, dim=1)
            for i, j in T.Parallel(block_M, N):
                x[i, j] = x[i, j] / s[i]
            T.copy(x, Y[bx * block_M, 0])

    return main


kernel = tilelang.compile(softmax_rows(256, 128, 32), out_idx=[1])
