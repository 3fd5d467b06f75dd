# Kernels the Python tests call, written as TileLang users write them.
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def matmul(M, N, K, block_M, block_N, block_K, dtype="bfloat16",
           accum_dtype="float"):

    @T.prim_func
    def gemm(A: T.Tensor((M, K), dtype), B: T.Tensor((K, N), dtype),
             C: T.Tensor((M, N), dtype)):
        with T.Kernel(T.ceildiv(N, block_N), T.ceildiv(M, block_M),
                      threads=128) as (bx, by):
            A_shared = T.alloc_shared((block_M, block_K), dtype)
            B_shared = T.alloc_shared((block_K, block_N), dtype)
            C_local = T.alloc_fragment((block_M, block_N), accum_dtype)
            T.clear(C_local)
            for k in T.Pipelined(T.ceildiv(K, block_K), num_stages=2):
                T.copy(A[by * block_M, k * block_K], A_shared)
                T.copy(B[k * block_K, bx * block_N], B_shared)
                T.gemm(A_shared, B_shared, C_local)
            T.copy(C_local, C[by * block_M, bx * block_N])

    return gemm


def scaled_add(M, N, block_M, block_N, alpha, dtype="float32"):

    @T.prim_func
    def main(A: T.Tensor((M, N), dtype), B: T.Tensor((M, N), dtype),
             C: T.Tensor((M, N), dtype)):
        with T.Kernel(T.ceildiv(N, block_N), T.ceildiv(M, block_M)) as (bx, by):
            a = T.alloc_fragment((block_M, block_N), dtype)
            b = T.alloc_fragment((block_M, block_N), dtype)
            T.copy(A[by * block_M, bx * block_N], a)
            T.copy(B[by * block_M, bx * block_N], b)
            for i, j in T.Parallel(block_M, block_N):
                a[i, j] = a[i, j] * alpha + b[i, j]
            T.copy(a, C[by * block_M, bx * block_N])

    return main


def row_softmax(M, N, block_M, dtype="float32"):

    @T.prim_func
    def main(X: T.Tensor((M, N), dtype), Y: T.Tensor((M, N), dtype)):
        with T.Kernel(T.ceildiv(M, block_M)) as bx:
            x = T.alloc_fragment((block_M, N), "float32")
            row_max = T.alloc_fragment((block_M,), "float32")
            row_sum = T.alloc_fragment((block_M,), "float32")
            T.copy(X[bx * block_M, 0], x)
            T.reduce_max(x, row_max, dim=1)
            for i, j in T.Parallel(block_M, N):
                x[i, j] = T.exp(x[i, j] - row_max[i])
            T.reduce_sum(x, row_sum, dim=1)
            for i, j in T.Parallel(block_M, N):
                x[i, j] = x[i, j] / row_sum[i]
            T.copy(x, Y[bx * block_M, 0])

    return main


def unsupported_op(M, N):

    @T.prim_func
    def main(A: T.Tensor((M, N), "float32"), B: T.Tensor((M, N), "float32")):
        with T.Kernel(1) as bx:
            a = T.alloc_fragment((M, N), "float32")
            T.copy(A[0, 0], a)
            T.atomic_add(B[0, 0], a[0, 0])

    return main


@T.prim_func
def module_level_copy(A: T.Tensor((64, 64), "float32"),
                      B: T.Tensor((64, 64), "float32")):
    with T.Kernel(2, 2) as (bx, by):
        s = T.alloc_shared((32, 32), "float32")
        T.copy(A[by * 32, bx * 32], s)
        T.copy(s, B[by * 32, bx * 32])


# A size CPython computes at run time: tilett's frontend cannot evaluate
# os.environ, so the kernel gets the value CPython bound (a global binding).
import os  # noqa: E402

ROWS = int(os.environ.get("TILETT_TEST_ROWS", "96"))


@T.prim_func
def rows_copy(A: T.Tensor((ROWS, 32), "float32"),
              B: T.Tensor((ROWS, 32), "float32")):
    with T.Kernel(T.ceildiv(ROWS, 32)) as bx:
        s = T.alloc_shared((32, 32), "float32")
        T.copy(A[bx * 32, 0], s)
        T.copy(s, B[bx * 32, 0])


def run_doubled(n, data):
    """Not a factory: defines, compiles and runs a kernel that closes over
    its local `M` (as the original backend's run scripts do)."""
    M = n * 32

    @T.prim_func
    def doubled(A: T.Tensor((M, 32), "float32"),
                B: T.Tensor((M, 32), "float32")):
        with T.Kernel(n) as bx:
            a = T.alloc_fragment((32, 32), "float32")
            T.copy(A[bx * 32, 0], a)
            for i, j in T.Parallel(32, 32):
                a[i, j] = a[i, j] * 2.0
            T.copy(a, B[bx * 32, 0])

    print("running doubled on", M, "rows")
    return tilelang.compile(doubled, out_idx=[1])(data)
