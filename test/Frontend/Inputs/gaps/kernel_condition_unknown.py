# A kernel `if` on a value the compiler does not know is an error naming
# where the value came from (it used to fail with no message).
import torch
import tilelang.language as T

flag = torch.cuda.is_available()


@T.prim_func
def main(A: T.Tensor((64, 64), "float32")):
    with T.Kernel(1) as bx:
        s = T.alloc_shared((32, 32), "float32")
        if flag:
            T.copy(A[0, 0], s)
