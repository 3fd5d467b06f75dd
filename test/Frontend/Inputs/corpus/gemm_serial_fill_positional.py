import tilelang.language as T


def matmul(M, N, K, bm, bn, bk):
    dtype, accum = "bfloat16", "float32"

    @T.prim_func
    def main(
        A: T.Tensor[(M, K), dtype],
        B: T.Tensor[(N, K), dtype],
        C: T.Tensor[(M, N), accum],
    ):
        with T.Kernel(T.ceildiv(N, bn), T.ceildiv(M, bm), threads=128) as (bx, by):
            A_s = T.alloc_shared((bm, bk), dtype)
            B_s = T.alloc_shared((bn, bk), dtype)
            C_f = T.alloc_fragment((bm, bn), accum)
            T.fill(C_f, T.float32(0))
            for k in T.serial(0, K // bk):
                T.copy(A[by * bm, k * bk], A_s)
                T.copy(B[bx * bn, k * bk], B_s)
                T.gemm(A_s, B_s, C_f, False, True)
            T.copy(C_f, C[by * bm, bx * bn])

    return main


M, N, K = 96, 64, 128
kern = matmul(M, N, K, 32, 32, 32)
