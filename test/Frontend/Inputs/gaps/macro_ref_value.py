# A T.Ref parameter given a plain value: nothing to write back to.
import tilelang.language as T


@T.macro
def twice(x: T.Ref):
    x = x * 2


@T.prim_func
def main(A: T.Tensor((32, 32), "float32")):
    with T.Kernel(1) as bx:
        n = 3
        twice(n)
