# GEMV written with tiles: each block multiplies a (BLOCK_N, BLOCK_K) slab of
# B by the broadcast vector A (a[j]) and accumulates row sums with
# T.reduce_sum(..., clear=False) over a pipelined K loop.
import argparse
import tilelang
import tilelang.language as T


def gemv(N, K, BLOCK_N=64, BLOCK_K=64, dtype="bfloat16", accum_dtype="float"):
    @T.prim_func
    def main(A: T.Tensor((K,), dtype), B: T.Tensor((N, K), dtype), C: T.Tensor((N,), dtype)):
        with T.Kernel(T.ceildiv(N, BLOCK_N), threads=128) as bn:
            a = T.alloc_shared((BLOCK_K,), dtype)
            b = T.alloc_shared((BLOCK_N, BLOCK_K), dtype)
            prod = T.alloc_fragment((BLOCK_N, BLOCK_K), accum_dtype)
            acc = T.alloc_fragment((BLOCK_N,), accum_dtype)
            out = T.alloc_fragment((BLOCK_N,), dtype)
            T.clear(acc)
            for k in T.Pipelined(T.ceildiv(K, BLOCK_K), num_stages=2):
                T.copy(A[k * BLOCK_K], a)
                T.copy(B[bn * BLOCK_N, k * BLOCK_K], b)
                for i, j in T.Parallel(BLOCK_N, BLOCK_K):
                    prod[i, j] = T.Cast(accum_dtype, b[i, j]) * T.Cast(accum_dtype, a[j])
                T.reduce_sum(prod, acc, dim=1, clear=False)
            T.copy(acc, out)
            T.copy(out, C[bn * BLOCK_N])

    return main


def main():
    parser = argparse.ArgumentParser(description="GEMV")
    parser.add_argument("--n", type=int, default=128)
    parser.add_argument("--k", type=int, default=256)
    args = parser.parse_args()
    func = gemv(args.n, args.k)
    kernel = tilelang.compile(func, out_idx=[2])
    print(kernel.get_kernel_source())


if __name__ == "__main__":
    main()
