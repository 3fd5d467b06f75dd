import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def gemm_act(M, N, K, block_M=64, block_N=64, block_K=32, act="silu"):
    dtype = T.float16
    accum_dtype = T.float32

    @T.prim_func
    def main(A: T.Tensor((M, K), dtype), B: T.Tensor((K, N), dtype), C: T.Tensor((M, N), dtype)):
        with T.Kernel(T.ceildiv(N, block_N), T.ceildiv(M, block_M), threads=128) as (bx, by):
            A_shared = T.alloc_shared((block_M, block_K), dtype)
            B_shared = T.alloc_shared((block_K, block_N), dtype)
            C_local = T.alloc_fragment((block_M, block_N), accum_dtype)
            T.clear(C_local)
            for k in T.Pipelined(T.ceildiv(K, block_K), num_stages=2):
                T.copy(A[by * block_M, k * block_K], A_shared)
                T.copy(B[k * block_K, bx * block_N], B_shared)
                T.gemm(A_shared, B_shared, C_local)
            for i, j in T.Parallel(block_M, block_N):
                if act == "silu":
                    C_local[i, j] = C_local[i, j] * T.sigmoid(C_local[i, j])
                else:
                    C_local[i, j] = T.if_then_else(C_local[i, j] > 0, C_local[i, j], C_local[i, j] * 0.01)
            T.copy(C_local, C[by * block_M, bx * block_N])

    return main


silu_kernel = gemm_act(128, 128, 64)
leaky_kernel = gemm_act(128, 128, 64, act="leaky")
