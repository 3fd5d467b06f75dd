# A comprehension over a kernel loop is not a compile-time value.
import tilelang.language as T


@T.prim_func
def main(A: T.Tensor((64, 64), "float32")):
    with T.Kernel(1) as bx:
        xs = [i for i in T.serial(4)]
