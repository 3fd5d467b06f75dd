import tilelang.language as T
from tilelang.tenstorrent import with_core_grid


def make(M=64, N=64):
    @T.prim_func
    def main(A: T.Tensor((M, N), "float32"), B: T.Tensor((M, N), "float32")):
        with T.Kernel(2, 2) as (bx, by):
            F = T.alloc_fragment((32, 32), "float32")
            T.copy(A[by * 32, bx * 32], F)
            T.copy(F, B[by * 32, bx * 32])

    return main


f = with_core_grid(make(), 0, 4)
