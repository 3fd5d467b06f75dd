import tilelang
import tilelang.language as T
from tilelang.tenstorrent import with_core_grid, with_layout_desc, CoreRange, with_core_ranges
from tilelang.utils.target import TENSTORRENT_TARGET


def create_matmul(M=128, N=128, K=128, block=32):
    @T.prim_func
    def matmul(A: T.Buffer((M, K), "bfloat16"), B: T.Buffer((K, N), "bfloat16"),
               C: T.Buffer((M, N), "bfloat16")):
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


matmul = create_matmul()
matmul = with_core_grid(matmul, 2, 2)
matmul = with_core_ranges(matmul, [CoreRange((0, 0), (2, 2))])
matmul = with_layout_desc(matmul, {"A": {"shard": "DRAM", "interleave": True},
                                   "B": {"shard": "DRAM", "interleave": True}})
mod = tilelang.compile(matmul, target=TENSTORRENT_TARGET)
