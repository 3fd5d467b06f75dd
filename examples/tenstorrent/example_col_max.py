# Column-wise maximum (reduce_max over dim 0): each block owns a strip of
# columns and writes one value per column.
import tilelang
import tilelang.language as T


def col_max(M, N, block_N, dtype="float32"):

    @T.prim_func
    def main(X: T.Tensor((M, N), dtype), Y: T.Tensor((N,), dtype)):
        with T.Kernel(T.ceildiv(N, block_N), threads=128) as bx:
            X_shared = T.alloc_shared((M, block_N), dtype)
            Y_local = T.alloc_fragment((block_N,), dtype)
            T.copy(X[0, bx * block_N], X_shared)
            T.reduce_max(X_shared, Y_local, dim=0)
            T.copy(Y_local, Y[bx * block_N])

    return main


func = col_max(64, 256, 32)
