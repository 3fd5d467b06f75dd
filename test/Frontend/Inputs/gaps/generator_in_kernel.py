# A generator called in a kernel: its values cannot be known, so this is an
# error at the call (driver code calling it is fine).
import tilelang.language as T


def tiles():
    yield 0
    yield 1


@T.prim_func
def main(A: T.Tensor((32, 32), "float32")):
    with T.Kernel(1) as bx:
        s = T.alloc_shared((32, 32), "float32")
        for t in tiles():
            T.copy(A, s)
