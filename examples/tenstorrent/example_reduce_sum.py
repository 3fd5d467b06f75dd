import tilelang
import tilelang.language as T


def row_sum(M, N, block_M, dtype="float32"):

    @T.prim_func
    def main(X: T.Tensor((M, N), dtype), Y: T.Tensor((M,), dtype)):
        with T.Kernel(T.ceildiv(M, block_M), threads=128) as bx:
            X_shared = T.alloc_shared((block_M, N), dtype)
            Y_local = T.alloc_fragment((block_M,), dtype)
            T.copy(X[bx * block_M, 0], X_shared)
            T.reduce_sum(X_shared, Y_local, dim=1)
            T.copy(Y_local, Y[bx * block_M])

    return main


if __name__ == "__main__":
    func = row_sum(256, 64, 64)
