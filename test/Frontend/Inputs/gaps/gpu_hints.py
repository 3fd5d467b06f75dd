# GPU-only layout and scheduling annotations in a gemm: each is ignored with a
# remark at its location, and the kernel is built as without them.
import tilelang
import tilelang.language as T
from tilelang.layout import make_swizzled_layout


def gemm(M=128, N=128, K=128, bM=64, bN=64, bK=32):
    @T.prim_func
    def main(A: T.Tensor((M, K), "float16"), B: T.Tensor((K, N), "float16"),
             C: T.Tensor((M, N), "float32")):
        with T.Kernel(T.ceildiv(N, bN), T.ceildiv(M, bM), threads=256) as (bx, by):
            A_s = T.alloc_shared((bM, bK), "float16")
            B_s = T.alloc_shared((bK, bN), "float16")
            C_l = T.alloc_fragment((bM, bN), "float32")
            T.annotate_layout({
                A_s: T.Layout((bM, bK), lambda i, j: (i, (j ^ i) % bK)),
                B_s: make_swizzled_layout(B_s),
            })
            T.use_swizzle(panel_size=10, enable=True)
            T.annotate_l2_hit_ratio({A: 0.5})
            T.no_set_max_nreg()
            T.clear(C_l)
            for k in T.Pipelined(T.ceildiv(K, bK), num_stages=2):
                T.copy(A[by * bM, k * bK], A_s)
                T.copy(B[k * bK, bx * bN], B_s)
                T.gemm(A_s, B_s, C_l)
            T.assume(bx < 2)
            T.copy(C_l, C[by * bM, bx * bN])

    return main


func = gemm()
