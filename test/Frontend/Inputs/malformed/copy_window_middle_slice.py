import tilelang.language as T


def attn(batch, seq_len, heads, dim, block_M):
    @T.prim_func
    def main(Q: T.Tensor((batch, seq_len, heads, dim), "float16"),
             O: T.Tensor((batch, seq_len, heads, dim), "float16")):
        with T.Kernel(T.ceildiv(seq_len, block_M), heads, batch) as (bx, by, bz):
            Q_shared = T.alloc_shared((block_M, dim), "float16")
            T.copy(Q[bz, bx * block_M:(bx + 1) * block_M, 0:heads, :], Q_shared)
            T.copy(Q_shared, O[bz, bx * block_M:(bx + 1) * block_M, by, :])

    return main


func = attn(1, 128, 2, 64, 64)
