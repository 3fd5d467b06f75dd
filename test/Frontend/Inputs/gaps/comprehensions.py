# Comprehensions over compile-time values size a kernel: a generator in
# sum(), a filtered list, a tuple of a generator, a dict comprehension over
# .items(), and a comprehension's target that does not leak.
import tilelang.language as T

sizes = [64, 128, 32]
blocks = {"bm": 32, "bn": 64}
s = 5  # the comprehensions below bind `s` only inside themselves


def kernel(sizes, block_M, block_N):
    total = sum((s + block_M - 1) // block_M for s in sizes)
    rows = sum([s for s in sizes if s >= 64])
    shape = tuple(d * 2 for d in (block_M // 2, block_N // 2))
    cfg = {k: v for k, v in blocks.items()}
    pairs = [(i, j) for i in range(2) for j in range(i, 3)]
    cols = len(pairs) * s * 4 + 8  # 5 pairs, s is still 5: 108

    @T.prim_func
    def main(A: T.Tensor((rows, cols), "float16"), B: T.Tensor((rows, cols), "float16")):
        with T.Kernel(total, T.ceildiv(128, cfg["bn"])) as (bx, by):
            buf = T.alloc_shared(shape, "float16")
            T.copy(A[bx * block_M, by * block_N], buf)
            T.copy(buf, B[bx * block_M, by * block_N])

    return main


k = kernel(sizes, 32, 64)
