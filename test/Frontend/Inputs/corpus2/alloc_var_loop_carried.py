# A T.alloc_var accumulator updated in a T.serial loop: a loop-carried scalar,
# which tilett does not model (the accumulation belongs in a fragment).
import tilelang
import tilelang.language as T


def scaled_copy(N, block_N=64, steps=4, dtype="float32"):
    @T.prim_func
    def main(A: T.Tensor((N,), dtype), B: T.Tensor((N,), dtype)):
        with T.Kernel(T.ceildiv(N, block_N)) as bx:
            a = T.alloc_fragment((block_N,), dtype)
            acc = T.alloc_var(T.float32)
            acc = 0
            for k in T.serial(steps):
                acc = acc + k * 0.5
            T.copy(A[bx * block_N], a)
            for i in T.Parallel(block_N):
                a[i] = a[i] * acc
            T.copy(a, B[bx * block_N])

    return main


func = scaled_copy(128)
