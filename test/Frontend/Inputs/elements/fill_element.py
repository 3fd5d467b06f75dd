# T.fill with a value read from a global at run time.
import tilelang.language as T

def fill_elem(M, dtype="float32"):
    @T.prim_func
    def main(X: T.Tensor((M, 32), dtype), S: T.Tensor((M,), dtype),
             Y: T.Tensor((M, 32), dtype)):
        with T.Kernel(M // 32) as bx:
            x = T.alloc_fragment((32, 32), dtype)
            T.copy(X[bx * 32, 0], x)
            T.fill(x, S[bx])
            T.copy(x, Y[bx * 32, 0])
    return main

f = fill_elem(64)
