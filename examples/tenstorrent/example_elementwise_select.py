# Data-dependent selects in T.Parallel: T.if_then_else on comparisons between
# buffers and with constants (lowered to SFPU comparisons and where_tile).
import tilelang
import tilelang.language as T


def select_blend(M, N, block_M, block_N, dtype="bfloat16", slope=0.1):

    @T.prim_func
    def main(A: T.Tensor((M, N), dtype), B: T.Tensor((M, N), dtype), C: T.Tensor((M, N), dtype)):
        with T.Kernel(T.ceildiv(N, block_N), T.ceildiv(M, block_M), threads=128) as (bx, by):
            a = T.alloc_shared((block_M, block_N), dtype)
            b = T.alloc_shared((block_M, block_N), dtype)
            c = T.alloc_fragment((block_M, block_N), "float32")
            T.copy(A[by * block_M, bx * block_N], a)
            T.copy(B[by * block_M, bx * block_N], b)
            for i, j in T.Parallel(block_M, block_N):
                # The larger of the two where A leads, else a leaky A.
                c[i, j] = T.if_then_else(a[i, j] >= b[i, j], T.max(a[i, j], b[i, j]),
                                         T.if_then_else(a[i, j] > 0.25, a[i, j], a[i, j] * slope))
            T.copy(c, C[by * block_M, bx * block_N])

    return main


func = select_blend(256, 256, 64, 64)
