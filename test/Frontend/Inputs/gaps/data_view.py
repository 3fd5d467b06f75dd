# A reshaped view of a tensor's memory (`T.Tensor(shape, dtype, X.data)`).
import tilelang.language as T


@T.prim_func
def main(A: T.Tensor((4, 16, 64), "float16"), B: T.Tensor((64, 64), "float16")):
    with T.Kernel(1) as bx:
        flat = T.Tensor((64, 64), "float16", A.data)
