# A recursive macro passing its T.Ref on (the Collatz steps from a
# compile-time start): every step must update the caller's variable.
import tilelang.language as T


@T.macro
def collatz(n, acc: T.Ref):
    if n == 1:
        pass
    elif n % 2 == 0:
        acc = acc // 2
        collatz(n // 2, acc)
    else:
        acc = acc * 3 + 1
        collatz(n * 3 + 1, acc)


@T.prim_func
def main(A: T.Tensor((32, 32), "float32")):
    with T.Kernel(1) as bx:
        a = T.alloc_fragment((32, 32), "int32")
        v = T.alloc_var("int32", 3)
        collatz(3, v)
        a[0, 0] = v
