import tilelang
import tilelang.language as T


def scale_add(M, N, block_M=32, dtype="float32"):
    alpha = 2.0

    @T.prim_func
    def main(A: T.Tensor((M, N), dtype), B: T.Tensor((M, N), dtype), C: T.Tensor((M, N), dtype)):
        with T.Kernel(T.ceildiv(M, block_M), threads=128) as bx:
            a = T.alloc_fragment((block_M, N), dtype)
            b = T.alloc_fragment((block_M, N), dtype)
            T.copy(A[bx * block_M:(bx + 1) * block_M, :], a)
            T.copy(B[bx * block_M:(bx + 1) * block_M, :], b)
            for i, j in T.Parallel(block_M, N):
                a[i, j] = alpha * a[i, j] + b[i, j]
            T.copy(a, C[bx * block_M:(bx + 1) * block_M, :])

    return main


program = scale_add(128, 64)
