# T.Persistent: a device-side gap, reported as such at the call.
import tilelang.language as T


@T.prim_func
def main(A: T.Tensor((64, 64), "float32")):
    with T.Kernel(4) as bx:
        for bx_, by_ in T.Persistent([2, 2], 4, bx):
            pass
