# RMS norm with blocks thinner than a tile (TileLang's norm examples use one
# row a block): the compiler groups neighbouring blocks into whole tiles.
import torch
import tilelang
import tilelang.language as T


def rms_norm(M, N, blk_m):
    dtype = "float"

    @T.prim_func
    def main(A: T.Tensor((M, N), dtype), B: T.Tensor((M, N), dtype)):
        with T.Kernel(T.ceildiv(M, blk_m), threads=128) as bx:
            A_local = T.alloc_fragment((blk_m, N), dtype)
            A_pow_local = T.alloc_fragment((blk_m, N), dtype)
            A_powsum = T.alloc_fragment((blk_m,), dtype)
            T.copy(A[bx * blk_m:(bx + 1) * blk_m, :], A_local)
            for i, j in T.Parallel(blk_m, N):
                A_pow_local[i, j] = A_local[i, j] * A_local[i, j]
            T.reduce_sum(A_pow_local, A_powsum, dim=1)
            for i in T.Parallel(blk_m):
                A_powsum[i] = T.rsqrt(A_powsum[i] / N + 1e-12)
            for i, j in T.Parallel(blk_m, N):
                A_local[i, j] *= A_powsum[i]
            T.copy(A_local, B[bx * blk_m:(bx + 1) * blk_m, :])

    return main


def ref_program(x):
    return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + 1e-12)


if __name__ == "__main__":
    import sys
    M, N, blk_m = (int(a) for a in sys.argv[1:4])
    kernel = tilelang.compile(rms_norm(M, N, blk_m), out_idx=[1])
    a = torch.randn(M, N)
    b = kernel(a)
    torch.testing.assert_close(b, ref_program(a), rtol=0.01, atol=0.01)
    print("All checks pass.")
