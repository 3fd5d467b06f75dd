# test_tilelang_language_reduce style: a generic reduce kernel picked by a
# string, run through a helper from test_* functions and tilelang.testing.main().
import tilelang
import tilelang.testing
import tilelang.language as T


def _make_reduce(M, N, op="sum", dtype=T.float32):
    @T.prim_func
    def main(A: T.Tensor((M, N), dtype), B: T.Tensor((M,), dtype)):
        with T.Kernel(1) as _:
            a = T.alloc_fragment((M, N), dtype)
            b = T.alloc_fragment((M,), dtype)
            T.copy(A, a)
            if op == "sum":
                T.reduce_sum(a, b, dim=1)
            elif op == "max":
                T.reduce_max(a, b, dim=-1)
            T.copy(b, B)

    return main


def _run_reduce(M, N, op, dtype=T.float32):
    program = _make_reduce(M, N, op, dtype)
    jit_kernel = tilelang.compile(program, out_idx=-1)
    profiler = jit_kernel.get_profiler()
    profiler.assert_allclose(lambda A: A.sum(dim=1) if op == "sum" else A.max(dim=1).values, atol=1e-2, rtol=1e-2)


def test_reduce_sum():
    _run_reduce(64, 64, "sum")


def test_reduce_max():
    _run_reduce(64, 64, "max")


if __name__ == "__main__":
    tilelang.testing.main()
