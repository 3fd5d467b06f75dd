import tilelang
import tilelang.language as T


@tilelang.jit(target="tenstorrent", out_idx=[-1])
def matmul_tt(M, N, K, block_M=32, block_N=32, block_K=32, dtype="bfloat16", accum_dtype="float"):

    @T.prim_func
    def gemm(A: T.Tensor((M, K), dtype), B: T.Tensor((K, N), dtype), C: T.Tensor((M, N), dtype)):
        with T.Kernel(T.ceildiv(N, block_N), T.ceildiv(M, block_M), threads=128) as (bx, by):
            T.annotate_core_grid(2, 2)
            T.annotate_layout({
                A: {"shard": "DRAM", "interleave": True, "tile_id_order": "row_major"},
                B: {"shard": "DRAM", "interleave": True},
                C: {"shard": "DRAM", "interleave": True},
            })
            A_shared = T.alloc_shared((block_M, block_K), dtype)
            B_shared = T.alloc_shared((block_K, block_N), dtype)
            C_local = T.alloc_fragment((block_M, block_N), accum_dtype)
            T.clear(C_local)
            for k in T.Pipelined(T.ceildiv(K, block_K), num_stages=2):
                T.copy(A[by * block_M, k * block_K], A_shared)
                T.copy(B[k * block_K, bx * block_N], B_shared)
                T.gemm(A_shared, B_shared, C_local)
            T.copy(C_local, C[by * block_M, bx * block_N])

    return gemm


def main():
    kernel = matmul_tt(128, 128, 128)
    print(kernel.get_kernel_source())


if __name__ == "__main__":
    main()
