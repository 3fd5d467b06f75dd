# Element-wise kernels with parenthesised tuple targets in T.Parallel, an
# outer T.serial over column tiles, and T.max/T.min clamps with T.float32
# constants.
import tilelang
import tilelang.language as T


def clamp_scale(M, N, block_M=32, block_N=32, lo=-0.5, hi=0.5, dtype="float32"):
    @T.prim_func
    def main(A: T.Tensor((M, N), dtype), B: T.Tensor((M, N), dtype)):
        with T.Kernel(T.ceildiv(M, block_M), threads=128) as by:
            a = T.alloc_shared((block_M, block_N), dtype)
            b = T.alloc_fragment((block_M, block_N), dtype)
            for t in T.serial(T.ceildiv(N, block_N)):
                T.copy(A[by * block_M, t * block_N], a)
                for (i, j) in T.Parallel(block_M, block_N):
                    b[i, j] = T.min(T.max(a[i, j] * T.float32(2.0), T.float32(lo)), T.float32(hi))
                T.copy(b, B[by * block_M, t * block_N])

    return main


func = clamp_scale(64, 96)
