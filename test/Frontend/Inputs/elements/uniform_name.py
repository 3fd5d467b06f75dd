# A name bound to an element outside T.Parallel and used inside it reads the element there.
import tilelang.language as T

def uniform_name(M, dtype="float32"):
    @T.prim_func
    def main(X: T.Tensor((M, 32), dtype), S: T.Tensor((M,), dtype),
             Y: T.Tensor((M, 32), dtype)):
        with T.Kernel(M // 32) as bx:
            x = T.alloc_fragment((32, 32), dtype)
            T.copy(X[bx * 32, 0], x)
            s = S[bx]
            for i, j in T.Parallel(32, 32):
                x[i, j] = x[i, j] * s
            T.copy(x, Y[bx * 32, 0])
    return main

f = uniform_name(64)
