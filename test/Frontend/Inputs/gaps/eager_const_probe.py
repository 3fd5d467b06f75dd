# T.const sizes of an eager @tilelang.jit kernel called with torch tensors,
# where the scan of literal annotations cannot see them: K is used in
# arithmetic before any tensor is declared and only reaches a shape through
# KH, KW = K, K; M, N, G reach theirs through computed shapes.
import torch
import tilelang
import tilelang.language as T


@tilelang.jit
def window_sum(data, weight, stride, block_M, trans=False):
    M, N, G, K = T.const("M, N, G, K")
    KH, KW = K, K
    OM = (M - K) // stride + 1
    data_shape = (M, N) if not trans else (N, M)
    weight_shape = [G, KH, KW]

    data: T.Tensor(data_shape, T.float16)
    weight: T.Tensor(weight_shape, T.float16)
    out = T.empty((OM, N), T.float16)

    with T.Kernel(T.ceildiv(OM, block_M)) as bx:
        s = T.alloc_shared((block_M, N), T.float16)
        T.copy(data[bx * block_M, 0], s)
        T.copy(s, out[bx * block_M, 0])

    return out


a = torch.randn(259, 64, dtype=torch.float16).cuda()
w = torch.randn(2, 4, 4, dtype=torch.float16).cuda()
out = window_sum(a, w, 1, 64)
