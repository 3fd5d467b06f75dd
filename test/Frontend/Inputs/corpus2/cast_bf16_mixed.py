# Casts the ways users write them: T.Cast(dtype, x), T.cast(x, dtype),
# x.astype(dtype), with a bf16 input, an f32 accumulation and an f16 output.
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[2])
def scaled_add(M, N, block_M=32, block_N=64):
    in_dtype = T.bfloat16
    acc_dtype = T.float32
    out_dtype = T.float16

    @T.prim_func
    def main(X: T.Tensor((M, N), in_dtype), Y: T.Tensor((M, N), in_dtype), Z: T.Tensor((M, N), out_dtype)):
        with T.Kernel(T.ceildiv(N, block_N), T.ceildiv(M, block_M)) as (bx, by):
            x = T.alloc_shared((block_M, block_N), in_dtype)
            y = T.alloc_shared((block_M, block_N), in_dtype)
            acc = T.alloc_fragment((block_M, block_N), acc_dtype)
            z = T.alloc_fragment((block_M, block_N), out_dtype)
            T.copy(X[by * block_M, bx * block_N], x)
            T.copy(Y[by * block_M, bx * block_N], y)
            for i, j in T.Parallel(block_M, block_N):
                acc[i, j] = T.Cast(acc_dtype, x[i, j]) * 0.5 + T.cast(y[i, j], acc_dtype)
            for i, j in T.Parallel(block_M, block_N):
                z[i, j] = acc[i, j].astype(out_dtype)
            T.copy(z, Z[by * block_M, bx * block_N])

    return main


kernel = scaled_add(64, 128)
