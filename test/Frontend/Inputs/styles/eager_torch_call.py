# Eager @tilelang.jit kernel called directly with torch tensors: the sizes
# named by T.const come from the tensors' shapes.
import argparse
import torch
import tilelang
import tilelang.language as T


def ref_program(x, y):
    return x * y


@tilelang.jit
def elementwise_mul(A, B, block_M, block_N, in_dtype, out_dtype, threads):
    M, N = T.const("M, N")

    A: T.Tensor((M, N), in_dtype)
    B: T.Tensor((M, N), in_dtype)
    C = T.empty((M, N), out_dtype)

    with T.Kernel(T.ceildiv(N, block_N), T.ceildiv(M, block_M), threads=threads) as (bx, by):
        A_shared = T.alloc_shared((block_M, block_N), in_dtype)
        B_shared = T.alloc_shared((block_M, block_N), in_dtype)
        C_local = T.alloc_fragment((block_M, block_N), out_dtype)
        T.copy(A[by * block_M, bx * block_N], A_shared)
        T.copy(B[by * block_M, bx * block_N], B_shared)
        for y, x in T.Parallel(block_M, block_N):
            C_local[y, x] = A_shared[y, x] * B_shared[y, x]
        T.copy(C_local, C[by * block_M, bx * block_N])

    return C


def main(M=512, N=256):
    a = torch.randn(M, N, dtype=torch.float16, device="cuda")
    b = torch.randn((M, N), dtype=torch.float16).cuda()
    out = elementwise_mul(a, b, block_M=64, block_N=128, threads=128,
                          in_dtype=T.float16, out_dtype=T.float32)
    torch.testing.assert_close(out, ref_program(a, b).float(), rtol=1e-2, atol=1e-2)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--m", type=int, default=128)
    parser.add_argument("--n", type=int, default=1024)
    args, _ = parser.parse_known_args()
    main(args.m, args.n)
