# A gemm whose reduction extents disagree (A is 64x32, B is 64x64): the tl
# verifier's error comes back naming T.gemm at the call, with no IR dump.
import tilelang.language as T


@T.prim_func
def main(A: T.Tensor((64, 64), "float16"), C: T.Tensor((64, 64), "float32")):
    with T.Kernel(1) as bx:
        a = T.alloc_shared((64, 32), "float16")
        b = T.alloc_shared((64, 64), "float16")
        c = T.alloc_fragment((64, 64), "float32")
        T.copy(A[0, 0], a)
        T.copy(A, b)
        T.gemm(a, b, c)
        T.copy(c, C)
