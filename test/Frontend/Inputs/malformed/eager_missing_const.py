import tilelang
import tilelang.language as T


@tilelang.jit
def add(A, B, block):
    M, N = T.const("M, N")
    A: T.Tensor((M, N), T.float32)
    B = T.empty((M, N), T.float32)
    with T.Kernel(T.ceildiv(N, block), T.ceildiv(M, block)) as (bx, by):
        A_s = T.alloc_shared((block, block), T.float32)
        T.copy(A[by * block, bx * block], A_s)
        T.copy(A_s, B[by * block, bx * block])
    return B


kernel = add.compile(M=256, block=32)
