# A GEMM that asks for LoFi and the approximate SFPU mode in the program.
import tilelang
import tilelang.language as T
from tilelang.tenstorrent import with_compute_config


def create_matmul(M=64, N=64, K=64, block=32):
    @T.prim_func
    def matmul(A: T.Tensor((M, K), "bfloat16"), B: T.Tensor((K, N), "bfloat16"),
               C: T.Tensor((M, N), "bfloat16")):
        with T.Kernel(T.ceildiv(N, block), T.ceildiv(M, block)) as (bx, by):
            A_s = T.alloc_shared((block, block), "bfloat16")
            B_s = T.alloc_shared((block, block), "bfloat16")
            C_f = T.alloc_fragment((block, block), "float32")
            T.clear(C_f)
            for k in T.Pipelined(T.ceildiv(K, block), num_stages=2):
                T.copy(A[by * block, k * block], A_s)
                T.copy(B[k * block, bx * block], B_s)
                T.gemm(A_s, B_s, C_f)
            T.copy(C_f, C[by * block, bx * block])

    return matmul


matmul = with_compute_config(create_matmul(), math_fidelity="LoFi",
                             math_approx_mode=True)
