# A boolean mask tensor selecting between two inputs.
import tilelang
import tilelang.language as T


def masked_select(M, N, block_M=32, block_N=32, dtype="float32"):
    @T.prim_func
    def main(Mask: T.Tensor((M, N), "bool"), A: T.Tensor((M, N), dtype), B: T.Tensor((M, N), dtype),
             C: T.Tensor((M, N), dtype)):
        with T.Kernel(T.ceildiv(N, block_N), T.ceildiv(M, block_M)) as (bx, by):
            m = T.alloc_fragment((block_M, block_N), "bool")
            a = T.alloc_fragment((block_M, block_N), dtype)
            b = T.alloc_fragment((block_M, block_N), dtype)
            T.copy(Mask[by * block_M, bx * block_N], m)
            T.copy(A[by * block_M, bx * block_N], a)
            T.copy(B[by * block_M, bx * block_N], b)
            for i, j in T.Parallel(block_M, block_N):
                a[i, j] = T.if_then_else(m[i, j], a[i, j], b[i, j])
            T.copy(a, C[by * block_M, bx * block_N])

    return main


func = masked_select(64, 64)
