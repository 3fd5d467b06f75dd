# A module of kernel factories, imported by bench_copy.py and
# bench_copy_bad.py. Its driver block must not run when it is imported.
import tilelang.language as T

BLOCK = 32


def copy(M, N, block=BLOCK):
    @T.prim_func
    def main(A: T.Tensor((M, N), "float16"), B: T.Tensor((M, N), "float16")):
        with T.Kernel(T.ceildiv(M, block)) as bx:
            s = T.alloc_shared((block, N), "float16")
            T.copy(A[bx * block, 0], s)
            T.copy(s, B[bx * block, 0])

    return main


def bad(M):
    @T.prim_func
    def main(A: T.Tensor((M, 64), "float16")):
        with T.Kernel(1) as bx:
            T.no_such_op(A)

    return main


if __name__ == "__main__":
    kernel = copy(4096, 4096)
