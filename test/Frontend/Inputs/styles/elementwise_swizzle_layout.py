import argparse
import tilelang
import tilelang.language as T
from tilelang.layout import make_swizzled_layout


@tilelang.jit(out_idx=-1)
def elementwise_mul_add(M, N, block_M, block_N, in_dtype, out_dtype, threads):
    @T.prim_func
    def elem(A: T.Tensor((M, N), in_dtype), B: T.Tensor((M, N), in_dtype),
             C: T.Tensor((M, N), out_dtype)):
        with T.Kernel(T.ceildiv(N, block_N), T.ceildiv(M, block_M), threads=threads) as (bx, by):
            A_shared = T.alloc_shared((block_M, block_N), in_dtype)
            B_shared = T.alloc_shared((block_M, block_N), in_dtype)
            C_local = T.alloc_fragment((block_M, block_N), out_dtype)
            T.annotate_layout({
                A_shared: make_swizzled_layout(A_shared),
                C: {"shard": "DRAM", "interleave": True},
            })
            T.copy(A[by * block_M, bx * block_N], A_shared)
            T.copy(B[by * block_M, bx * block_N], B_shared)
            for i, j in T.Parallel(block_M, block_N):
                C_local[i, j] = A_shared[i, j] * 2.0 + B_shared[i, j]
            T.copy(C_local, C[by * block_M, bx * block_N])

    return elem


def main(M=1024, N=1024):
    config = {"block_M": 64, "block_N": 64, "threads": 128}
    kernel = elementwise_mul_add(M, N, **config, in_dtype=T.float32, out_dtype=T.float32)
    print(kernel.get_kernel_source())


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--m", type=int, default=256)
    parser.add_argument("--n", type=int, default=512)
    args, _ = parser.parse_known_args()
    main(args.m, args.n)
