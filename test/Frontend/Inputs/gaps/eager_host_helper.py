# In an eager @tilelang.jit kernel, code outside `with T.Kernel` is host
# code: a helper it calls may query the CUDA device (unknown here) without
# stopping the build, as long as the kernel does not need the answer.
import torch
import tilelang
import tilelang.language as T


def check_hopper():
    if not torch.cuda.is_available():
        return None
    props = torch.cuda.get_device_properties(0)
    return (props.major, props.minor) == (9, 0)


@tilelang.jit
def copy(A, block_M):
    M, N = T.const("M, N")
    is_hopper = check_hopper()
    A: T.Tensor((M, N), T.float16)
    B = T.empty((M, N), T.float16)
    with T.Kernel(T.ceildiv(M, block_M)) as bx:
        s = T.alloc_shared((block_M, N), T.float16)
        T.copy(A[bx * block_M, 0], s)
        T.copy(s, B[bx * block_M, 0])
    return B


out = copy(torch.randn(128, 64, dtype=torch.float16), 32)
