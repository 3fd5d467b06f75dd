# A name bound inside a kernel loop and read after it.
import tilelang
import tilelang.language as T


def f(N, block_N=64, dtype="float32"):
    @T.prim_func
    def main(A: T.Tensor((N,), dtype), B: T.Tensor((N,), dtype)):
        with T.Kernel(T.ceildiv(N, block_N)) as bx:
            a = T.alloc_fragment((block_N,), dtype)
            for k in T.serial(2):
                off = k * block_N
            T.copy(A[off], a)
            T.copy(a, B[bx * block_N])

    return main


func = f(128)
