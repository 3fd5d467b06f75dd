# Kernels in TileLang's eager style: the jitted function's body is the
# kernel, sizes are T.const, outputs come from T.empty. Run as
# `python3 -m tilett eager_style.py {compile,call,mismatch}`.
import sys

import torch
import tilelang
import tilelang.language as T


@tilelang.jit
def scaled_gemm(A, B, block_M, block_N, block_K, alpha=2.0):
    M, N, K = T.const("M, N, K")
    A: T.Tensor((M, K), T.bfloat16)
    B: T.Tensor((K, N), T.bfloat16)
    C = T.empty((M, N), T.float32)
    with T.Kernel(T.ceildiv(N, block_N), T.ceildiv(M, block_M), threads=128) as (bx, by):
        A_s = T.alloc_shared((block_M, block_K), T.bfloat16)
        B_s = T.alloc_shared((block_K, block_N), T.bfloat16)
        C_l = T.alloc_fragment((block_M, block_N), T.float32)
        T.clear(C_l)
        for k in T.Pipelined(T.ceildiv(K, block_K), num_stages=2):
            T.copy(A[by * block_M, k * block_K], A_s)
            T.copy(B[k * block_K, bx * block_N], B_s)
            T.gemm(A_s, B_s, C_l)
        for i, j in T.Parallel(block_M, block_N):
            C_l[i, j] = C_l[i, j] * alpha
        T.copy(C_l, C[by * block_M, bx * block_N])
    return C


@tilelang.jit
def add_rows(X, Y, block):
    R, W = T.const("R, W")
    X: T.Tensor([R, W], T.float32)
    Y: T.Tensor([R, W], T.float32)
    Z = T.empty([R, W], T.float32)
    with T.Kernel(T.ceildiv(R, block), threads=128) as bx:
        x = T.alloc_fragment((block, W), T.float32)
        y = T.alloc_fragment((block, W), T.float32)
        T.copy(X[bx * block, 0], x)
        T.copy(Y[bx * block, 0], y)
        for i, j in T.Parallel(block, W):
            x[i, j] = x[i, j] + y[i, j]
        T.copy(x, Z[bx * block, 0])
    return Z


if __name__ == "__main__":
    mode = sys.argv[1]
    a = torch.randn(128, 96, dtype=torch.bfloat16)
    b = torch.randn(96, 64, dtype=torch.bfloat16)
    ref = 2.0 * (a.float() @ b.float())
    if mode == "compile":
        kernel = scaled_gemm.compile(M=128, N=64, K=96, block_M=64, block_N=32, block_K=32)
        torch.testing.assert_close(kernel(a, b), ref, rtol=1e-2, atol=1e-2)
        x, y = torch.randn(64, 128), torch.randn(64, 128)
        torch.testing.assert_close(add_rows(x, y, 32), x + y)
        # The same sizes again reuse the compiled kernel.
        assert scaled_gemm.compile(M=128, N=64, K=96, block_M=64, block_N=32,
                                   block_K=32) is kernel
    elif mode == "call":
        c = scaled_gemm(a, b, 32, 32, 32, alpha=0.5)
        torch.testing.assert_close(c, ref / 4, rtol=1e-2, atol=1e-2)
    elif mode == "mismatch":
        scaled_gemm(a, torch.randn(64, 64, dtype=torch.bfloat16), 32, 32, 32)
    print("All checks pass.")
