# An integer element-wise kernel (int32 add), as in TileLang's language tests.
import tilelang
import tilelang.language as T


def add_int(M, N, block_M=32, block_N=32, dtype="int32"):
    @T.prim_func
    def main(A: T.Tensor((M, N), dtype), B: T.Tensor((M, N), dtype), C: T.Tensor((M, N), dtype)):
        with T.Kernel(T.ceildiv(N, block_N), T.ceildiv(M, block_M)) as (bx, by):
            a = T.alloc_fragment((block_M, block_N), dtype)
            b = T.alloc_fragment((block_M, block_N), dtype)
            T.copy(A[by * block_M, bx * block_N], a)
            T.copy(B[by * block_M, bx * block_N], b)
            for i, j in T.Parallel(block_M, block_N):
                a[i, j] = a[i, j] + b[i, j] * 2
            T.copy(a, C[by * block_M, bx * block_N])

    return main


func = add_int(64, 64)
