import tilelang.language as T

@T.prim_func
def k(A: T.Tensor((64, 64), "float16")):
    with T.Kernel(1) as bx:
        F = T.alloc_fragment((64, 64), "float32")
        for i, j in T.Parallel(64, 64):
            F[i, j] = A[j, i]
