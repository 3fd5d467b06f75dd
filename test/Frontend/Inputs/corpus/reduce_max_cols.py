import tilelang.language as T


def row_max(M, N, block_M=32, dtype="float32"):
    @T.prim_func
    def main(A: T.Tensor((M, N), dtype), Out: T.Tensor((M,), dtype)):
        with T.Kernel(T.ceildiv(M, block_M), threads=32) as bx:
            a = T.alloc_shared((block_M, N), dtype)
            a_frag = T.alloc_fragment((block_M, N), dtype)
            m = T.alloc_fragment((block_M,), dtype)
            T.copy(A[bx * block_M, 0], a)
            T.copy(a, a_frag)
            T.fill(m, -T.infinity(dtype))
            T.reduce_max(a_frag, m, dim=-1, clear=False)
            T.copy(m, Out[bx * block_M])

    return main


f = row_max(64, 64)
