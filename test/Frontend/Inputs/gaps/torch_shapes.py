# Driver torch tensors keep the shape torch would give them through the
# methods that change it (view with -1, transpose, permute, unsqueeze,
# squeeze, .T, *_like, torch.tensor), and an eager kernel's T.const sizes
# come from those shapes. A method whose shape is not modelled makes the
# tensor opaque instead of keeping a stale shape.
import torch
import tilelang
import tilelang.language as T


@tilelang.jit
def scale(A, B, block_M, block_N):
    M, N = T.const("M, N")
    A: T.Tensor((M, N), T.float16)
    B: T.Tensor((M, N), T.float16)
    C = T.empty((M, N), T.float16)
    with T.Kernel(T.ceildiv(N, block_N), T.ceildiv(M, block_M)) as (bx, by):
        a = T.alloc_fragment((block_M, block_N), T.float16)
        b = T.alloc_fragment((block_M, block_N), T.float16)
        T.copy(A[by * block_M, bx * block_N], a)
        T.copy(B[by * block_M, bx * block_N], b)
        for i, j in T.Parallel(block_M, block_N):
            a[i, j] = a[i, j] * b[i, j]
        T.copy(a, C[by * block_M, bx * block_N])
    return C


def main():
    q = torch.randn(2, 64, 4, 32, dtype=torch.float16, device="cuda")
    # (2, 64, 4, 32) -> (2, 4, 64, 32) -> (8, 64, 32) -> (512, 32): M = 512
    x = q.transpose(1, 2).contiguous().view(-1, 64, 32).reshape(-1, 32)
    y = torch.empty_like(x).normal_()
    # Element-wise arithmetic with a number or a same-shaped tensor keeps it.
    scale(x * 2 - 1, y + y, 64, 32)
    # (2, 64, 4, 32) permuted to (32, 4, 64, 2) -> (32, 512) -> (1, 32, 512)
    # -> (32, 512); .T.T is the same shape: M = 32, N = 512.
    z = q.permute(3, 2, 1, 0).reshape(32, -1).unsqueeze(0).squeeze(0)
    scale(z, z.T.T, 32, 128)
    b, s, h, d = q.shape
    assert (b, s, h, d) == (2, 64, 4, 32)
    # Indexing a tensor is not modelled: its result has no shape, so this
    # call cannot bind M and N (and builds nothing).
    w = q[0]
    scale(w.view(64, 128), w.view(64, 128), 64, 128)
    # Nor is a matrix product's (it is not the left operand's shape).
    scale(x @ y.T, x @ y.T, 64, 128)


if __name__ == "__main__":
    main()
