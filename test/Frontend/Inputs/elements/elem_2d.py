# Elements of a 2-D global at indices that cross tiles and faces, beside tile math.
import tilelang.language as T

def scale_rows(M, N, R, C, dtype="float32"):
    @T.prim_func
    def main(X: T.Tensor((M, N), dtype), S: T.Tensor((R, C), dtype),
             Y: T.Tensor((M, N), dtype)):
        with T.Kernel(N // 32, M // 32) as (bx, by):
            x = T.alloc_fragment((32, 32), dtype)
            y = T.alloc_fragment((32, 32), dtype)
            T.copy(X[by * 32, bx * 32], x)
            for i, j in T.Parallel(32, 32):
                y[i, j] = T.max(x[i, j], S[by + 17, 3 * bx + 1]) - S[by, bx * 9]
            T.copy(y, Y[by * 32, bx * 32])
    return main

f = scale_rows(64, 192, 40, 48)
