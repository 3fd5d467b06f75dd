# An element read whose index is data read in the body (a gather).
import tilelang.language as T

def bad(M, dtype="float32"):
    @T.prim_func
    def main(X: T.Tensor((M, 32), dtype), Idx: T.Tensor((M, 32), "int32"),
             Y: T.Tensor((M, 32), dtype)):
        with T.Kernel(M // 32) as bx:
            ids = T.alloc_fragment((32, 32), "int32")
            y = T.alloc_fragment((32, 32), dtype)
            T.copy(Idx[bx * 32, 0], ids)
            for i, j in T.Parallel(32, 32):
                y[i, j] = X[ids[i, j], j]
            T.copy(y, Y[bx * 32, 0])
    return main

f = bad(64)
