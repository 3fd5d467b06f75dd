from dataclasses import dataclass

import tilelang
import tilelang.language as T


@dataclass
class Config:
    block_M: int = 32
    block_N: int = 32


def sub_mul(M, N, block_M, block_N, dtype="float16", **kwargs):
    @T.prim_func
    def main(A: T.Tensor((M, N), dtype), B: T.Tensor((M, N), dtype), C: T.Tensor((M, N), dtype)):
        with T.Kernel(T.ceildiv(N, block_N), T.ceildiv(M, block_M), threads=kwargs.get("threads", 128)) as (bx, by):
            A_s = T.alloc_shared((block_M, block_N), dtype)
            B_s = T.alloc_shared((block_M, block_N), dtype)
            C_f = T.alloc_fragment((block_M, block_N), dtype)
            T.copy(A[by * block_M, bx * block_N], A_s)
            T.copy(B[by * block_M, bx * block_N], B_s)
            for i, j in T.Parallel(block_M, block_N):
                C_f[i, j] = (A_s[i, j] - B_s[i, j]) * A_s[i, j]
            T.copy(C_f, C[by * block_M, bx * block_N])

    return main


configs = {"block_M": 32, "block_N": 64, "threads": 256}
shape = [64, 128]
M, N = shape
kernel = sub_mul(M, N, **configs)
