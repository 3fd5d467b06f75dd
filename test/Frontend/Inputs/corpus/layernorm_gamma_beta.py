import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def layernorm(N, D, blk_m=32, eps=1e-5, in_dtype="bfloat16", out_dtype="bfloat16"):
    accum_dtype = "float"

    @T.prim_func
    def main(X: T.Tensor((N, D), in_dtype), gamma: T.Tensor((D,), in_dtype),
             beta: T.Tensor((D,), in_dtype), Y: T.Tensor((N, D), out_dtype)):
        with T.Kernel(T.ceildiv(N, blk_m), threads=256) as bx:
            X_smem = T.alloc_shared((blk_m, D), in_dtype)
            G_smem = T.alloc_shared((D,), in_dtype)
            B_smem = T.alloc_shared((D,), in_dtype)
            X_local = T.alloc_fragment((blk_m, D), accum_dtype)
            X_sq = T.alloc_fragment((blk_m, D), accum_dtype)
            s = T.alloc_fragment((blk_m,), accum_dtype)
            ss = T.alloc_fragment((blk_m,), accum_dtype)
            T.copy(X[bx * blk_m, 0], X_smem)
            T.copy(gamma, G_smem)
            T.copy(beta, B_smem)
            for i, j in T.Parallel(blk_m, D):
                X_local[i, j] = T.Cast(accum_dtype, X_smem[i, j])
                X_sq[i, j] = X_local[i, j] * X_local[i, j]
            T.reduce_sum(X_local, s, dim=1)
            T.reduce_sum(X_sq, ss, dim=1)
            inv_D = T.float32(1.0) / T.Cast(accum_dtype, D)
            for i in T.Parallel(blk_m):
                s[i] = s[i] * inv_D
                ss[i] = T.rsqrt(ss[i] * inv_D - s[i] * s[i] + eps)
            for i, j in T.Parallel(blk_m, D):
                norm = (X_local[i, j] - s[i]) * ss[i]
                X_smem[i, j] = T.Cast(out_dtype, norm * T.Cast(accum_dtype, G_smem[j]) + T.Cast(accum_dtype, B_smem[j]))
            T.copy(X_smem, Y[bx * blk_m, 0])

    return main


kernel = layernorm(64, 128)
