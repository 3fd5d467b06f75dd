# Row and column minima: reduce_tile has no MIN pool, so tilett computes
# -max(-x); the row minimum also folds in an initial value (clear=False).
import tilelang.language as T


def row_min(M, N, block_M, dtype="float32"):

    @T.prim_func
    def main(X: T.Tensor((M, N), dtype), Y: T.Tensor((M,), dtype)):
        with T.Kernel(T.ceildiv(M, block_M), threads=128) as bx:
            x = T.alloc_shared((block_M, N), dtype)
            y = T.alloc_fragment((block_M,), dtype)
            T.copy(X[bx * block_M, 0], x)
            T.fill(y, 0.25)
            T.reduce_min(x, y, dim=1, clear=False)
            T.copy(y, Y[bx * block_M])

    return main


def col_min(M, N, block_N, dtype="float32"):

    @T.prim_func
    def main(X: T.Tensor((M, N), dtype), Z: T.Tensor((N,), dtype)):
        with T.Kernel(T.ceildiv(N, block_N), threads=128) as bx:
            x = T.alloc_shared((M, block_N), dtype)
            z = T.alloc_fragment((block_N,), dtype)
            T.copy(X[0, bx * block_N], x)
            T.reduce_min(x, z, dim=0)
            T.copy(z, Z[bx * block_N])

    return main


func = row_min(32, 64, 32)
