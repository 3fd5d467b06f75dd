# Matrix transpose (and scale) through T.Parallel: b[i, j] = a[j, i] reads a
# transposed tile of the shared block (transpose_wh_tile).
import tilelang
import tilelang.language as T


def transpose(M, N, block_M, block_N, dtype="float32"):

    @T.prim_func
    def main(A: T.Tensor((M, N), dtype), B: T.Tensor((N, M), dtype)):
        with T.Kernel(T.ceildiv(N, block_N), T.ceildiv(M, block_M), threads=128) as (bx, by):
            a = T.alloc_shared((block_M, block_N), dtype)
            b = T.alloc_fragment((block_N, block_M), dtype)
            T.copy(A[by * block_M, bx * block_N], a)
            for i, j in T.Parallel(block_N, block_M):
                b[i, j] = a[j, i] * 2.0
            T.copy(b, B[bx * block_N, by * block_M])

    return main


func = transpose(128, 64, 64, 32)
