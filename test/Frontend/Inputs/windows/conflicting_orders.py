# Two windows into one BSHD tensor that need different device layouts: the
# first spans seq and dim (BHSD on the device), the second heads and dim.
import tilelang.language as T


def kernel(batch, seq_len, heads, dim, block_M):
    @T.prim_func
    def main(Q: T.Tensor((batch, seq_len, heads, dim), "float16"),
             O: T.Tensor((batch, seq_len, heads, dim), "float16")):
        with T.Kernel(T.ceildiv(seq_len, block_M), heads, batch) as (bx, by, bz):
            rows = T.alloc_shared((block_M, dim), "float16")
            per_head = T.alloc_shared((heads, dim), "float16")
            T.copy(Q[bz, bx * block_M:(bx + 1) * block_M, by, :], rows)
            T.copy(Q[bz, bx * block_M, :, :], per_head)
            T.copy(rows, O[bz, bx * block_M:(bx + 1) * block_M, by, :])

    return main


func = kernel(1, 128, 32, 64, 64)
