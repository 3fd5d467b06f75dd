# Per-row absmax scaling (the first half of examples/cast without the fp8
# store): T.reduce_absmax, then each row divided by its absmax.
import tilelang
import tilelang.language as T


def absmax_scale(M, N, blk_m=32, dtype=T.float32):
    @T.prim_func
    def main(X: T.Tensor((M, N), dtype), Y: T.Tensor((M, N), dtype)):
        with T.Kernel(T.ceildiv(M, blk_m), threads=128) as bx:
            x = T.alloc_fragment((blk_m, N), dtype)
            amax = T.alloc_fragment((blk_m,), dtype)
            T.copy(X[bx * blk_m:(bx + 1) * blk_m, :], x)
            T.reduce_absmax(x, amax, dim=1)
            for i in T.Parallel(blk_m):
                amax[i] = T.max(amax[i], 1e-4)
            for i, j in T.Parallel(blk_m, N):
                x[i, j] = x[i, j] / amax[i]
            T.copy(x, Y[bx * blk_m:(bx + 1) * blk_m, :])

    return main


func = absmax_scale(64, 128)
