# Per-head scalars computed from the block index (ALiBi-style slopes): each
# block scales, shifts and clamps its tile by values known only at run time.
import tilelang
import tilelang.language as T


def head_scale(H, S, D, block_S, dtype="float32"):

    @T.prim_func
    def main(X: T.Tensor((H, S, D), dtype), Y: T.Tensor((H, S, D), dtype)):
        with T.Kernel(T.ceildiv(S, block_S), H, threads=128) as (bs, h):
            x = T.alloc_shared((block_S, D), dtype)
            y = T.alloc_fragment((block_S, D), "float32")
            slope = T.exp2(-8.0 * (h + 1) / H)
            shift = T.log2(1.0 + 1.0 * h)
            T.copy(X[h, bs * block_S, 0], x)
            for i, j in T.Parallel(block_S, D):
                y[i, j] = T.max(x[i, j] * slope - shift, -slope) + 1.0 / (slope + 1.0)
            T.copy(y, Y[h, bs * block_S, 0])

    return main


func = head_scale(4, 64, 64, 32)
