# T.fill with a cast constant stays a tl.fill.
import tilelang.language as T

def fill_cast(M, dtype="float32"):
    @T.prim_func
    def main(Y: T.Tensor((M, 32), dtype)):
        with T.Kernel(M // 32) as bx:
            y = T.alloc_fragment((32, 32), dtype)
            T.fill(y, T.cast(-1e30, dtype))
            T.copy(y, Y[bx * 32, 0])
    return main

f = fill_cast(64)
