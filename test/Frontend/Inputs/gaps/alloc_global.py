# T.alloc_global: a device-side gap, reported as such at the call.
import tilelang.language as T


@T.prim_func
def main(A: T.Tensor((64, 64), "float32")):
    with T.Kernel(1) as bx:
        scratch = T.alloc_global((64, 64), "float32")
