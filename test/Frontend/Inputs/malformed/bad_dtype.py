import tilelang.language as T

@T.prim_func
def k(A: T.Tensor((64, 64), "float99")):
    pass
