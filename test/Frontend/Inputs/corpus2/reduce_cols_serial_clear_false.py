# Column sums over all rows: a T.serial loop over row tiles accumulates
# T.reduce_sum(dim=0, clear=False) into a 1-D fragment.
import tilelang
import tilelang.language as T


def col_sum(M, N, block_M=32, block_N=64, dtype="float32"):
    @T.prim_func
    def main(A: T.Tensor((M, N), dtype), S: T.Tensor((N,), dtype)):
        with T.Kernel(T.ceildiv(N, block_N), threads=128) as bx:
            a = T.alloc_shared((block_M, block_N), dtype)
            s = T.alloc_fragment((block_N,), dtype)
            T.clear(s)
            for r in T.serial(T.ceildiv(M, block_M)):
                T.copy(A[r * block_M, bx * block_N], a)
                T.reduce_sum(a, s, dim=0, clear=False)
            T.copy(s, S[bx * block_N])

    return main


func = col_sum(128, 128)
