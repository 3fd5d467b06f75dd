# Attention-sink style: one element of a per-head global per block, copied
# into a 1-D fragment and broadcast over the rows; checked against torch.
import torch
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[2])
def sub_sink(heads, seq_len, dim, block_M=32):
    @T.prim_func
    def main(X: T.Tensor((heads, seq_len, dim), "float32"),
             Sinks: T.Tensor((heads,), "float32"),
             Y: T.Tensor((heads, seq_len, dim), "float32")):
        with T.Kernel(T.ceildiv(seq_len, block_M), heads) as (bx, by):
            x = T.alloc_fragment((block_M, dim), "float32")
            sinks = T.alloc_fragment((block_M,), "float32")
            T.copy(X[by, bx * block_M:(bx + 1) * block_M, :], x)
            for i in T.Parallel(block_M):
                sinks[i] = Sinks[by]
            for i, j in T.Parallel(block_M, dim):
                x[i, j] = T.exp2(x[i, j] - sinks[i]) * 0.5
            T.copy(x, Y[by, bx * block_M:(bx + 1) * block_M, :])

    return main


def main():
    heads, seq_len, dim = 37, 64, 32
    kernel = sub_sink(heads, seq_len, dim)
    x = torch.randn(heads, seq_len, dim)
    sinks = torch.randn(heads)
    y = kernel(x, sinks)
    torch.testing.assert_close(y, torch.exp2(x - sinks.view(heads, 1, 1)) * 0.5,
                               rtol=1e-2, atol=1e-2)
    print("sink elements match")


if __name__ == "__main__":
    main()
