# Layer norm with T.macro helpers, T.float32(...) constants, x.dtype and
# keyword-only factory arguments; built through tilelang.compile(out_idx=...).
import tilelang
import tilelang.language as T


def layer_norm(M, N, *, block_M=32, dtype="float32", eps=1e-5):
    inv_n = 1.0 / N

    @T.macro
    def row_mean(x, out):
        T.reduce_sum(x, out, dim=1)
        for i in T.Parallel(block_M):
            out[i] = out[i] * T.float32(inv_n)

    @T.prim_func
    def main(X: T.Tensor((M, N), dtype), W: T.Tensor((N,), dtype), Bias: T.Tensor((N,), dtype),
             Y: T.Tensor((M, N), dtype)):
        with T.Kernel(T.ceildiv(M, block_M), threads=128) as bx:
            x = T.alloc_fragment((block_M, N), X.dtype)
            xc = T.alloc_fragment((block_M, N), X.dtype)
            w = T.alloc_fragment((N,), W.dtype)
            b = T.alloc_fragment((N,), Bias.dtype)
            mean = T.alloc_fragment((block_M,), "float32")
            var = T.alloc_fragment((block_M,), "float32")
            T.copy(X[bx * block_M:(bx + 1) * block_M, :], x)
            T.copy(W, w)
            T.copy(Bias, b)
            row_mean(x, mean)
            for i, j in T.Parallel(block_M, N):
                xc[i, j] = x[i, j] - mean[i]
            for i, j in T.Parallel(block_M, N):
                x[i, j] = xc[i, j] * xc[i, j]
            row_mean(x, var)
            for i in T.Parallel(block_M):
                var[i] = T.rsqrt(var[i] + T.float32(eps))
            for i, j in T.Parallel(block_M, N):
                xc[i, j] = xc[i, j] * var[i] * w[j] + b[j]
            T.copy(xc, Y[bx * block_M:(bx + 1) * block_M, :])

    return main


program = layer_norm(64, 128, block_M=32)
kernel = tilelang.compile(program, out_idx=[-1], target="cuda")
