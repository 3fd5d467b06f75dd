# TileLang's element-wise style on BSHD tensors: each T.Parallel access
# indexes the sequence and head dims with loop variables and the head with
# a block index, a fixed point after a loop-indexed dim. The driver checks
# the kernel against torch.
import torch
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[1])
def scale_heads(batch, seq_len, heads, dim, block_M=32):
    @T.prim_func
    def main(X: T.Tensor((batch, seq_len, heads, dim), "float32"),
             Y: T.Tensor((batch, seq_len, heads, dim), "float32")):
        with T.Kernel(T.ceildiv(seq_len, block_M), heads, batch) as (bx, by, bz):
            for r, c in T.Parallel(block_M, dim):
                Y[bz, bx * block_M + r, by, c] = X[bz, bx * block_M + r, by, c] * (1.0 + by) + 0.25

    return main


def main():
    batch, seq_len, heads, dim = 2, 64, 3, 32
    kernel = scale_heads(batch, seq_len, heads, dim)
    x = torch.randn(batch, seq_len, heads, dim)
    y = kernel(x)
    per_head = (1.0 + torch.arange(heads, dtype=torch.float32)).view(1, 1, heads, 1)
    torch.testing.assert_close(y, x * per_head + 0.25, rtol=1e-2, atol=1e-2)
    print("staged BSHD matches")


if __name__ == "__main__":
    main()
