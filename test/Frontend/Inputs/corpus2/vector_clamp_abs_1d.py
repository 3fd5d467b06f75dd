# 1-D kernels the way the language tests write them: slice windows on 1-D
# tensors, T.clamp, T.abs, T.if_then_else against a typed zero, and a
# stepped T.serial over pairs of blocks.
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def clamp_abs(N, block_N=64, lo=-1.0, hi=1.0, dtype="float32"):
    @T.prim_func
    def main(X: T.Tensor((N,), dtype), Y: T.Tensor((N,), dtype)):
        with T.Kernel(T.ceildiv(N, block_N * 2), threads=64) as bx:
            x = T.alloc_fragment((block_N,), dtype)
            for h in T.serial(0, 2 * block_N, block_N):
                T.copy(X[bx * 2 * block_N + h:bx * 2 * block_N + h + block_N], x)
                for i in T.Parallel(block_N):
                    x[i] = T.if_then_else(x[i] < T.cast(0, dtype), T.abs(x[i]), T.clamp(x[i] * 3.0, lo, hi))
                T.copy(x, Y[bx * 2 * block_N + h:bx * 2 * block_N + h + block_N])

    return main


kernel = clamp_abs(256)
