import tilelang
import tilelang.language as T

M = N = K = 256
BLOCK = 64


@T.prim_func
def matmul(A: T.Tensor((M, K), "float16"), B: T.Tensor((K, N), "float16"),
           C: T.Tensor((M, N), "float32")):
    with T.Kernel(N // BLOCK, M // BLOCK, core_grid=(4, 2)) as (bx, by):
        As = T.alloc_shared((BLOCK, BLOCK), "float16")
        Bs = T.alloc_shared((BLOCK, BLOCK), "float16")
        Cf = T.alloc_fragment((BLOCK, BLOCK), "float32")
        T.clear(Cf)
        for k in T.serial(K // BLOCK):
            T.copy(A[by * BLOCK, k * BLOCK], As)
            T.copy(B[k * BLOCK, bx * BLOCK], Bs)
            T.gemm(As, Bs, Cf)
        T.copy(Cf, C[by * BLOCK, bx * BLOCK])
