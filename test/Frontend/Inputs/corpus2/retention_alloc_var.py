# A scalar per head computed once with T.alloc_var (examples/linear_attention
# retention style), then used to scale a tile.
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=1, pass_configs={"tl.disable_warp_specialized": True})
def head_decay(H, S, D, block_S=32, dtype=T.float32):
    @T.prim_func
    def main(X: T.Tensor([H, S, D], dtype), Y: T.Tensor([H, S, D], dtype)):
        with T.Kernel(T.ceildiv(S, block_S), H) as (bs, i_h):
            log_decay = T.alloc_var(T.float32)
            log_decay = T.log2(1 - T.exp2(-5.0 - 1.0 * i_h))
            x = T.alloc_fragment([block_S, D], dtype)
            T.copy(X[i_h, bs * block_S:(bs + 1) * block_S, :], x)
            for i, j in T.Parallel(block_S, D):
                x[i, j] = x[i, j] * T.exp2(log_decay)
            T.copy(x, Y[i_h, bs * block_S:(bs + 1) * block_S, :])

    return main


kernel = head_decay(2, 64, 32)
