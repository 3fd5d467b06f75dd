# Keyword arguments bind as Python binds them (the --entry calls of
# keyword-binding.test), and a **mapping the evaluator cannot expand is
# passed over rather than called an unexpected keyword.
import json
import tilelang.language as T


def copy_kernel(M, N, block_M=32):

    @T.prim_func
    def main(A: T.Tensor((M, N), "float32"), B: T.Tensor((M, N), "float32")):
        with T.Kernel(T.ceildiv(M, block_M)) as bx:
            s = T.alloc_shared((block_M, N), "float32")
            T.copy(A[bx * block_M, 0], s)
            T.copy(s, B[bx * block_M, 0])

    return main


def from_config(path):
    config = json.load(open(path))
    return copy_kernel(64, 32, **config)
