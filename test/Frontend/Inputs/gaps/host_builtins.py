# Host-side Python a factory uses to size and pick its kernel: tilelang.cdiv,
# sum/len over tuples, `in` / `not in`, list and tuple shapes in
# T.Tensor[...] annotations, dtype objects and their .bits, and a generator
# in the driver.
import tilelang
import tilelang.language as T
from tvm import DataType

STAGES = (32, 32)


def shapes():
    # A generator only the driver iterates: never run at compile time.
    for m in (64, 128):
        yield m, m


def act_kernel(M, N, act="relu", dtype="float16"):
    # 64: sum of the stages, times 1 from each dtype width
    block_M = sum(STAGES) * (DataType(dtype).bits // 16) * (T.float32.bits // 32)
    grid = tilelang.cdiv(M, block_M)
    width = N // len(STAGES)  # split into len(STAGES) column blocks
    accum = T.dtype("float32") if dtype in ("float16", "bfloat16") else dtype
    scale = 2.0 if act not in ["gelu", "silu"] else 0.5

    @T.prim_func
    def main(A: T.Tensor[[M, N], DataType(dtype)], B: T.Tensor[(M, N), dtype]):
        with T.Kernel(grid, len(STAGES), threads=128) as (bx, by):
            acc = T.alloc_fragment((block_M, width), accum)
            T.copy(A[bx * block_M, by * width], acc)
            for i, j in T.Parallel(block_M, width):
                acc[i, j] = acc[i, j] * scale
            T.copy(acc, B[bx * block_M, by * width])

    return main


func = act_kernel(256, 128)

if __name__ == "__main__":
    for m, n in shapes():
        print(m, n)
