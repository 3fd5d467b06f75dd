# T.alloc_var with an initializer used as a constant offset
# (test_tilelang_language_alloc style).
import tilelang
import tilelang.language as T


def alloc_var_add(N, block_N, dtype):
    @T.prim_func
    def main(A: T.Tensor((N,), dtype), B: T.Tensor((N,), dtype)):
        with T.Kernel(T.ceildiv(N, block_N), threads=block_N) as bx:
            A_shared = T.alloc_shared([block_N], dtype)
            tmp = T.alloc_var(dtype, init=3)
            T.copy(A[bx * block_N], A_shared)
            for i in T.Parallel(block_N):
                A_shared[i] = A_shared[i] + tmp
            T.copy(A_shared, B[bx * block_N])

    return main


def run_alloc_var_add(N, block_N, dtype):
    program = alloc_var_add(N, block_N, dtype)
    kernel = tilelang.compile(program, out_idx=[1])
    code = kernel.get_kernel_source()
    assert "tmp =" in code or "tmp[0] =" in code


def test_alloc_var_add():
    run_alloc_var_add(256, 64, T.float32)


if __name__ == "__main__":
    tilelang.testing.main()
