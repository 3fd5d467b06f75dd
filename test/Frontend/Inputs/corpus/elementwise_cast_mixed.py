import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def axpy(M, N, block_M, block_N, in_dtype=T.bfloat16, out_dtype=T.float32):
    @T.prim_func
    def kernel(X: T.Buffer((M, N), in_dtype), Y: T.Buffer((M, N), in_dtype),
               Z: T.Buffer((M, N), out_dtype)):
        with T.Kernel(T.ceildiv(N, block_N), T.ceildiv(M, block_M)) as (bx, by):
            x_s = T.alloc_shared((block_M, block_N), in_dtype)
            y_s = T.alloc_shared((block_M, block_N), in_dtype)
            z_f = T.alloc_fragment((block_M, block_N), out_dtype)
            T.copy(X[by * block_M, bx * block_N], x_s)
            T.copy(Y[by * block_M, bx * block_N], y_s)
            for i, j in T.Parallel(block_M, block_N):
                z_f[i, j] = T.cast(x_s[i, j], out_dtype) * 0.5 + y_s[i, j].astype(out_dtype)
            T.copy(z_f, Z[by * block_M, bx * block_N])
    return kernel


kernel = axpy(64, 128, 32, 64)
