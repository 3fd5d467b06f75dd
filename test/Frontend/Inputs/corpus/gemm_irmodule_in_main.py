import argparse

import tilelang
import tilelang.language as T
from tilelang import tvm as tvm


def make_matmul(M, N, K, block_M, block_N, block_K, dtype="float16", accum_dtype="float32", num_stages=2, threads=128):
    A_shape = (M, K)
    B_shape = (K, N)
    A_shared_shape = (block_M, block_K)
    B_shared_shape = (block_K, block_N)

    @T.prim_func
    def main(A: T.Buffer(A_shape, dtype), B: T.Buffer(B_shape, dtype), C: T.Buffer((M, N), accum_dtype)):
        with T.Kernel(T.ceildiv(N, block_N), T.ceildiv(M, block_M), threads=threads) as (bx, by):
            A_shared = T.alloc_shared(A_shared_shape, dtype)
            B_shared = T.alloc_shared(B_shared_shape, dtype)
            C_local = T.alloc_fragment((block_M, block_N), accum_dtype)
            T.clear(C_local)
            for k in T.Pipelined(T.ceildiv(K, block_K), num_stages=num_stages):
                T.copy(A[by * block_M, k * block_K], A_shared)
                T.copy(B[k * block_K, bx * block_N], B_shared)
                T.gemm(A_shared, B_shared, C_local, policy=T.GemmWarpPolicy.FullRow)
            T.copy(C_local, C[by * block_M, bx * block_N])

    return tvm.IRModule({"main": main})


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--M", type=int, default=128)
    parser.add_argument("--N", type=int, default=128)
    parser.add_argument("--K", type=int, default=128)
    args = parser.parse_args()
    mod = make_matmul(args.M, args.N, args.K, 64, 64, 32)
    rt_mod = tilelang.lower(mod)
    print(rt_mod)


if __name__ == "__main__":
    main()
