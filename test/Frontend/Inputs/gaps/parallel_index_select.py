# A T.if_then_else on loop indices in element-wise code: no Tenstorrent
# lowering, so the frontend says so at the call.
import tilelang
import tilelang.language as T


def tri(M=32, N=32):
    @T.prim_func
    def main(A: T.Tensor((M, N), "float32"), B: T.Tensor((M, N), "float32")):
        with T.Kernel(1) as bx:
            a = T.alloc_fragment((M, N), "float32")
            T.copy(A, a)
            for i, j in T.Parallel(M, N):
                a[i, j] = T.if_then_else(i >= j, a[i, j], 0.0)
            T.copy(a, B)

    return main


func = tri()
