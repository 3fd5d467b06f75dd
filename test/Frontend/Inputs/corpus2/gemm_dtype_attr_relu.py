# A GEMM whose local buffers take their dtypes from the tensors (C.dtype,
# A.dtype) and whose epilogue is a ReLU with T.max against a typed zero;
# @tilelang.jit(pass_configs=...) on the factory, instantiated in main().
import tilelang
import tilelang.language as T


@tilelang.jit(pass_configs={tilelang.PassConfigKey.TL_DISABLE_TMA_LOWER: True})
def matmul_relu(M, N, K, block_M, block_N, block_K, dtype=T.float16, accum_dtype=T.float32):
    @T.prim_func
    def main(A: T.Tensor((M, K), dtype), B: T.Tensor((N, K), dtype), C: T.Tensor((M, N), accum_dtype)):
        with T.Kernel(T.ceildiv(N, block_N), T.ceildiv(M, block_M), threads=128) as (bx, by):
            A_shared = T.alloc_shared((block_M, block_K), A.dtype)
            B_shared = T.alloc_shared((block_N, block_K), B.dtype)
            C_local = T.alloc_fragment((block_M, block_N), C.dtype)
            T.clear(C_local)
            for k in T.Pipelined(T.ceildiv(K, block_K), num_stages=3):
                T.copy(A[by * block_M:(by + 1) * block_M, k * block_K:(k + 1) * block_K], A_shared)
                T.copy(B[bx * block_N:(bx + 1) * block_N, k * block_K:(k + 1) * block_K], B_shared)
                T.gemm(A_shared, B_shared, C_local, transpose_B=True)
            for i, j in T.Parallel(block_M, block_N):
                C_local[i, j] = T.max(C_local[i, j], T.cast(0, C_local.dtype))
            T.copy(C_local, C[by * block_M, bx * block_N])

    return main


def main(M=128, N=128, K=64):
    kernel = matmul_relu(M, N, K, 64, 64, 32)
    print(kernel.get_kernel_source())


if __name__ == "__main__":
    main()
