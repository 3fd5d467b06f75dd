# A class definition inside a kernel is an error at the definition.
import tilelang.language as T


@T.prim_func
def main(A: T.Tensor((64, 64), "float32")):
    with T.Kernel(1) as bx:
        class Helper:
            pass
