# A tensor of device pointers (grouped GEMM over separately allocated
# matrices): a device limit, said as such.
import tilelang.language as T


@T.prim_func
def main(A_ptrs: T.Tensor([4], T.ptr), C: T.Tensor((64, 64), "float16")):
    with T.Kernel(1) as bx:
        pass
