# One element of a 1-D global per block (attention sink style), used in T.Parallel math.
import tilelang.language as T

def sink_add(H, M, N, dtype="bfloat16"):
    @T.prim_func
    def main(X: T.Tensor((H, M, N), dtype), Sinks: T.Tensor((H,), dtype),
             Y: T.Tensor((H, M, N), dtype)):
        with T.Kernel(M // 32, H) as (bx, by):
            x = T.alloc_fragment((32, N), dtype)
            y = T.alloc_fragment((32, N), dtype)
            T.copy(X[by, bx * 32, 0], x)
            for i, j in T.Parallel(32, N):
                y[i, j] = x[i, j] * 2.0 + Sinks[by]
            T.copy(y, Y[by, bx * 32, 0])
    return main

f = sink_add(40, 64, 32)
