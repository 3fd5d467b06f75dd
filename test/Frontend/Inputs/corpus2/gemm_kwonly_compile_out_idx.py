# A factory with keyword-only tile sizes, dtypes named by strings and by T.,
# a dtype comparison and tilelang.compile(func, out_idx=-1) in main().
import tilelang
import tilelang.language as T


def matmul(M, N, K, *, block_M=64, block_N=64, block_K=32, in_dtype="bfloat16", accum_dtype=T.float32):
    out_dtype = in_dtype if accum_dtype == "float32" else accum_dtype

    @T.prim_func
    def main(A: T.Tensor((M, K), in_dtype), B: T.Tensor((K, N), in_dtype), C: T.Tensor((M, N), out_dtype)):
        with T.Kernel(T.ceildiv(N, block_N), T.ceildiv(M, block_M), threads=128) as (bx, by):
            A_shared = T.alloc_shared((block_M, block_K), in_dtype)
            B_shared = T.alloc_shared((block_K, block_N), in_dtype)
            C_local = T.alloc_fragment((block_M, block_N), accum_dtype)
            T.clear(C_local)
            for k in T.Pipelined(K // block_K, num_stages=2):
                T.copy(A[by * block_M, k * block_K], A_shared)
                T.copy(B[k * block_K, bx * block_N], B_shared)
                T.gemm(A_shared, B_shared, C_local)
            T.copy(C_local, C[by * block_M, bx * block_N])

    return main


def main():
    func = matmul(128, 64, 96, block_M=32, block_N=64, block_K=32)
    kernel = tilelang.compile(func, out_idx=-1, target="auto", execution_backend="cython")
    print(kernel.get_kernel_source())


if __name__ == "__main__":
    main()
