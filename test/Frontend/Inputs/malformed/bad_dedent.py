import tilelang.language as T

def f(n):
    @T.prim_func
    def k(A: T.Tensor((n, 64), "float16")):
        with T.Kernel(1) as bx:
          S = T.alloc_shared((64, 64), "float16")
         T.clear(S)
    return k
f(64)
