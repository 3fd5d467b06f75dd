# Layer norm with one row a block and per-row Mean/Rstd stored element by
# element (TileLang's norm example), checked against torch.
import torch
import tilelang
import tilelang.language as T


def layernorm(N, D, blk_m=1, eps=1e-5):
    accum_dtype = "float"

    @T.prim_func
    def main(X: T.Tensor((N, D), "bfloat16"), gamma: T.Tensor((D,), "bfloat16"),
             beta: T.Tensor((D,), "bfloat16"), Y: T.Tensor((N, D), "bfloat16"),
             Mean: T.Tensor((N,), accum_dtype), Rstd: T.Tensor((N,), accum_dtype)):
        with T.Kernel(T.ceildiv(N, blk_m), threads=256) as bx:
            X_smem = T.alloc_shared((blk_m, D), "bfloat16")
            G_smem = T.alloc_shared((D,), "bfloat16")
            B_smem = T.alloc_shared((D,), "bfloat16")
            X_local = T.alloc_fragment((blk_m, D), accum_dtype)
            X_sq_local = T.alloc_fragment((blk_m, D), accum_dtype)
            sum_row = T.alloc_fragment((blk_m,), accum_dtype)
            sumsq_row = T.alloc_fragment((blk_m,), accum_dtype)
            mean_row = T.alloc_fragment((blk_m,), accum_dtype)
            rstd_row = T.alloc_fragment((blk_m,), accum_dtype)
            T.copy(X[bx * blk_m, 0], X_smem)
            T.copy(gamma, G_smem)
            T.copy(beta, B_smem)
            for i, j in T.Parallel(blk_m, D):
                X_local[i, j] = T.Cast(accum_dtype, X_smem[i, j])
            for i, j in T.Parallel(blk_m, D):
                X_sq_local[i, j] = X_local[i, j] * X_local[i, j]
            T.reduce_sum(X_local, sum_row, dim=1)
            T.reduce_sum(X_sq_local, sumsq_row, dim=1)
            inv_D = T.float32(1.0) / T.Cast(accum_dtype, D)
            for i in T.Parallel(blk_m):
                mean_row[i] = sum_row[i] * inv_D
                rstd_row[i] = T.rsqrt(sumsq_row[i] * inv_D - mean_row[i] * mean_row[i] + T.Cast(accum_dtype, eps))
                Mean[bx * blk_m + i] = mean_row[i]
                Rstd[bx * blk_m + i] = rstd_row[i]
            for i, j in T.Parallel(blk_m, D):
                norm = (X_local[i, j] - mean_row[i]) * rstd_row[i]
                X_smem[i, j] = T.Cast("bfloat16", norm * T.Cast(accum_dtype, G_smem[j]) + T.Cast(accum_dtype, B_smem[j]))
            T.copy(X_smem, Y[bx * blk_m, 0])

    return main


if __name__ == "__main__":
    N, D = 256, 1024
    kernel = tilelang.compile(layernorm(N, D), out_idx=[3, 4, 5])
    x = torch.randn(N, D, dtype=torch.bfloat16)
    g = torch.randn(D, dtype=torch.bfloat16)
    b = torch.randn(D, dtype=torch.bfloat16)
    y, mean, rstd = kernel(x, g, b)
    ref = torch.nn.functional.layer_norm(x.float(), (D,), g.float(), b.float(), 1e-5)
    torch.testing.assert_close(y.float(), ref, rtol=0.05, atol=0.05)
    torch.testing.assert_close(mean, x.float().mean(-1), rtol=1e-3, atol=1e-3)
    torch.testing.assert_close(rstd, torch.rsqrt(x.float().var(-1, unbiased=False) + 1e-5), rtol=1e-2, atol=1e-2)
    print("All checks pass.")
