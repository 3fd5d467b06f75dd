"""Writes seeded random element-wise TileLang kernels for differential tests.

Each kernel reads two 2-D blocks a, b, a column vector v (indexed v[i]) and
a row vector w (indexed w[j]) and stores one random expression tree over
them (arithmetic, max/min, unary math, data-dependent T.if_then_else). The
values stay bounded so that the dtype-derived tolerance of `tilett run`
applies. With `reduce`, each kernel instead reduces a random expression
along a random dim (sum, max or min, clear or not) and combines the 1-D
result back into the block with a broadcast.
Usage: gen_elementwise.py SEED COUNT OUTDIR [reduce]
"""
import os
import random
import sys

LEAVES = ["a[i, j]", "b[i, j]", "v[i]", "w[j]"]


def expr(rng, depth):
    if depth == 0 or rng.random() < 0.2:
        if rng.random() < 0.15:
            return repr(round(rng.uniform(-2, 2), 2))
        return rng.choice(LEAVES)
    kind = rng.choice(["bin", "bin", "un", "sel", "minmax"])
    x = expr(rng, depth - 1)
    if kind == "un":
        fn = rng.choice(["tanh", "abs", "neg", "relu", "sqrtabs", "recip", "exp"])
        return {
            "tanh": f"T.tanh({x})",
            "abs": f"T.abs({x})",
            "neg": f"(-{x})",
            "relu": f"T.max({x}, 0.0)",
            "sqrtabs": f"T.sqrt(T.abs({x}) + 0.5)",
            "recip": f"(1.0 / (T.abs({x}) + 1.0))",
            "exp": f"T.exp(T.tanh({x}))",
        }[fn]
    y = expr(rng, depth - 1)
    if kind == "bin":
        op = rng.choice(["+", "-", "*"])
        return f"T.tanh({x} {op} {y})" if op == "*" else f"({x} {op} {y})"
    if kind == "minmax":
        return f"T.{rng.choice(['max', 'min'])}({x}, {y})"
    p, q = expr(rng, depth - 1), expr(rng, depth - 1)
    cmp = rng.choice([">", "<", ">=", "<="])
    return f"T.if_then_else({x} {cmp} {y}, {p}, {q})"


TEMPLATE = '''import tilelang.language as T


def kernel(M, N, bM, bN, dtype="{dtype}"):

    @T.prim_func
    def main(A: T.Tensor((M, N), dtype), B: T.Tensor((M, N), dtype),
             V: T.Tensor((M,), dtype), W: T.Tensor((N,), dtype),
             C: T.Tensor((M, N), dtype)):
        with T.Kernel(T.ceildiv(N, bN), T.ceildiv(M, bM), threads=128) as (bx, by):
            a = T.alloc_shared((bM, bN), dtype)
            b = T.alloc_shared((bM, bN), dtype)
            v = T.alloc_fragment((bM,), dtype)
            w = T.alloc_fragment((bN,), dtype)
            c = T.alloc_fragment((bM, bN), "float32")
            T.copy(A[by * bM, bx * bN], a)
            T.copy(B[by * bM, bx * bN], b)
            T.copy(V[by * bM], v)
            T.copy(W[bx * bN], w)
            for i, j in T.Parallel(bM, bN):
                c[i, j] = {body}
            T.copy(c, C[by * bM, bx * bN])

    return main


func = kernel(64, 96, 32, 32)
'''


REDUCE_TEMPLATE = '''import tilelang.language as T


def kernel(M, N, bM, bN, dtype="{dtype}"):

    @T.prim_func
    def main(A: T.Tensor((M, N), dtype), B: T.Tensor((M, N), dtype),
             V: T.Tensor((M,), dtype), W: T.Tensor((N,), dtype),
             C: T.Tensor((M, N), dtype)):
        with T.Kernel(T.ceildiv(N, bN), T.ceildiv(M, bM), threads=128) as (bx, by):
            a = T.alloc_shared((bM, bN), dtype)
            b = T.alloc_shared((bM, bN), dtype)
            v = T.alloc_fragment((bM,), dtype)
            w = T.alloc_fragment((bN,), dtype)
            x = T.alloc_fragment((bM, bN), "float32")
            r = T.alloc_fragment(({rlen},), "float32")
            c = T.alloc_fragment((bM, bN), "float32")
            T.copy(A[by * bM, bx * bN], a)
            T.copy(B[by * bM, bx * bN], b)
            T.copy(V[by * bM], v)
            T.copy(W[bx * bN], w)
            for i, j in T.Parallel(bM, bN):
                x[i, j] = {pre}
            T.fill(r, {init})
            T.reduce_{kind}(x, r, dim={dim}, clear={clear})
            for i, j in T.Parallel(bM, bN):
                c[i, j] = {post}
            T.copy(c, C[by * bM, bx * bN])

    return main


func = kernel(64, 96, 32, 32)
'''


def reduce_kernel(rng, dtype):
    dim = rng.choice([0, 1])
    index = "r[i]" if dim == 1 else "r[j]"
    post = expr(rng, 2).replace("v[i]" if dim == 1 else "w[j]", index)
    return REDUCE_TEMPLATE.format(
        dtype=dtype, rlen="bM" if dim == 1 else "bN", pre=expr(rng, 2),
        init=round(rng.uniform(-1, 1), 2), kind=rng.choice(["sum", "max", "min"]),
        dim=dim, clear=rng.choice([True, False]), post=f"{post} + {index}")


def main():
    seed, count, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    reduce = len(sys.argv) > 4 and sys.argv[4] == "reduce"
    rng = random.Random(seed)
    os.makedirs(out, exist_ok=True)
    for k in range(count):
        dtype = "float32" if k % 2 == 0 else "bfloat16"
        path = os.path.join(out, f"random_{k}.py")
        text = (reduce_kernel(rng, dtype) if reduce else
                TEMPLATE.format(dtype=dtype, body=expr(rng, 3)))
        with open(path, "w") as f:
            f.write(text)
        print(path)


if __name__ == "__main__":
    main()
