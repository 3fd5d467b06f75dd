# Macros that write through their arguments: a T.Ref parameter bound to a
# T.alloc_var and to a fragment element, an unannotated parameter written as
# the one-element buffer a T.alloc_var is, and a nested macro passing its
# reference on.
import tilelang
import tilelang.language as T


@T.macro
def scale(x: T.Ref, s):
    x = x * s


@T.macro
def bump(v):
    v[0] = v[0] + 1.0


@T.macro
def scale_twice(y: T.Ref, s):
    scale(y, s)
    scale(y, s)


def scaled(M=32, N=64):
    @T.prim_func
    def main(A: T.Tensor((M, N), "float32"), B: T.Tensor((M, N), "float32")):
        with T.Kernel(1, threads=128) as bx:
            acc = T.alloc_fragment((M, N), "float32")
            T.copy(A, acc)
            f = T.alloc_var("float32", 2.0)
            scale(f, 3.0)
            bump(f)
            scale_twice(acc[1, 2], f)
            for i, j in T.Parallel(M, N):
                acc[i, j] = acc[i, j] * f
            T.copy(acc, B)

    return main


func = scaled()
