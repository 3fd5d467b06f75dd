# A GEMM whose K loop is split into two nested T.serial loops
# (outer chunks of inner steps), with an accumulator cleared by T.fill.
import tilelang
import tilelang.language as T


def matmul(M, N, K, block_M=32, block_N=32, block_K=32, inner=2):
    dtype = "float16"
    accum_dtype = "float"

    @T.prim_func
    def main(A: T.Buffer((M, K), dtype), B: T.Buffer((K, N), dtype), C: T.Buffer((M, N), dtype)):
        with T.Kernel(T.ceildiv(N, block_N), T.ceildiv(M, block_M), threads=128) as (bx, by):
            A_shared = T.alloc_shared((block_M, block_K), dtype)
            B_shared = T.alloc_shared((block_K, block_N), dtype)
            C_local = T.alloc_fragment((block_M, block_N), accum_dtype)
            T.fill(C_local, T.float32(0))
            for ko in T.serial(K // (block_K * inner)):
                for ki in T.serial(inner):
                    T.copy(A[by * block_M, (ko * inner + ki) * block_K], A_shared)
                    T.copy(B[(ko * inner + ki) * block_K, bx * block_N], B_shared)
                    T.gemm(A_shared, B_shared, C_local)
            T.copy(C_local, C[by * block_M, bx * block_N])

    return main


mod = tvm.IRModule({"main": matmul(64, 64, 128)}) if False else matmul(64, 64, 128)
