import tilelang
import tilelang.language as T


def matmul_nt(M, N, K, bM, bN, bK, in_dtype=T.bfloat16, accum_dtype=T.float32):
    # B is stored (N, K): C = A @ B^T
    @T.prim_func
    def main(A: T.Tensor((M, K), in_dtype), B: T.Tensor((N, K), in_dtype),
             C: T.Tensor((M, N), accum_dtype)):
        with T.Kernel(T.ceildiv(N, bN), T.ceildiv(M, bM), threads=256) as (bx, by):
            a_s = T.alloc_shared([bM, bK], in_dtype)
            b_s = T.alloc_shared([bN, bK], in_dtype)
            acc = T.alloc_fragment([bM, bN], accum_dtype)
            T.fill(acc, 0)
            for ko in T.Pipelined(K // bK, num_stages=3):
                T.copy(A[by * bM:(by + 1) * bM, ko * bK:(ko + 1) * bK], a_s)
                T.copy(B[bx * bN:(bx + 1) * bN, ko * bK:(ko + 1) * bK], b_s)
                T.gemm(a_s, b_s, acc, transpose_B=True)
            T.copy(acc, C[by * bM:(by + 1) * bM, bx * bN:(bx + 1) * bN])

    return main


def main():
    func = matmul_nt(128, 96, 256, 64, 32, 64)
    kernel = tilelang.compile(func, out_idx=[2], target="cuda")
    print(kernel.get_kernel_source())


if __name__ == "__main__":
    main()
