import tilelang
import tilelang.language as T


def elementwise_add(M, N, block_M, block_N, in_dtype, out_dtype, threads):
    @T.prim_func
    def main(
        A: T.Tensor((M, N), in_dtype),
        B: T.Tensor((M, N), in_dtype),
        C: T.Tensor((M, N), out_dtype),
    ):
        with T.Kernel(T.ceildiv(N, block_N), T.ceildiv(M, block_M), threads=threads) as (bx, by):
            for local_y, local_x in T.Parallel(block_M, block_N):
                y = by * block_M + local_y
                x = bx * block_N + local_x
                C[y, x] = A[y, x] + B[y, x]

    return main


def main():
    program = elementwise_add(128, 256, 32, 64, "float32", "float32", 128)
    kernel = tilelang.compile(program, out_idx=-1, target="cuda", execution_backend="cython")
    import torch
    a = torch.randn(128, 256, dtype=torch.float32, device="cuda")
    b = torch.randn(128, 256, dtype=torch.float32, device="cuda")
    torch.testing.assert_close(kernel(a, b), a + b, rtol=1e-2, atol=1e-2)


if __name__ == "__main__":
    main()
