import tilelang.language as T

@T.prim_func
def k(A: T.Tensor((64, 64), "float16")):
    with T.Kernel(1) as bx:
        S = T.alloc_shared((64, 64), "float16")
        for k in T.Pipelined(undefined_n, num_stages=2):
            T.copy(A[0, 0], S)
