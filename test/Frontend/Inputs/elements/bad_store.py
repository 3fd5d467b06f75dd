# A store whose indices the T.Parallel body does not vary: every iteration
# would write the same element.
import tilelang.language as T

def bad(M, dtype="float32"):
    @T.prim_func
    def main(X: T.Tensor((M, 32), dtype), Y: T.Tensor((M,), dtype)):
        with T.Kernel(M // 32) as bx:
            x = T.alloc_fragment((32, 32), dtype)
            T.copy(X[bx * 32, 0], x)
            for i, j in T.Parallel(32, 32):
                Y[bx] = x[i, j]
    return main

f = bad(64)
