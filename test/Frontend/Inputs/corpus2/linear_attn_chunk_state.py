# Non-causal chunked linear attention: the running state h = sum_k K_c^T V_c
# (T.gemm transpose_A) is applied to each query chunk, O_c = Q_c h, with the
# state copied fragment -> shared between the two GEMMs.
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[3])
def linear_attn(B, H, S, D, chunk=32, dtype=T.float16, accum_dtype=T.float32):
    NT = S // chunk

    @T.prim_func
    def main(Q: T.Tensor([B, H, S, D], dtype), K: T.Tensor([B, H, S, D], dtype), V: T.Tensor([B, H, S, D], dtype),
             O: T.Tensor([B, H, S, D], dtype)):
        with T.Kernel(H, B, threads=128) as (i_h, i_b):
            q = T.alloc_shared([chunk, D], dtype)
            k = T.alloc_shared([chunk, D], dtype)
            v = T.alloc_shared([chunk, D], dtype)
            h = T.alloc_fragment([D, D], accum_dtype)
            h_shared = T.alloc_shared([D, D], dtype)
            o = T.alloc_fragment([chunk, D], accum_dtype)
            T.clear(h)
            for c in T.Pipelined(NT, num_stages=1):
                T.copy(K[i_b, i_h, c * chunk:(c + 1) * chunk, :], k)
                T.copy(V[i_b, i_h, c * chunk:(c + 1) * chunk, :], v)
                T.gemm(k, v, h, transpose_A=True)
            T.copy(h, h_shared)
            for c in T.Pipelined(NT, num_stages=1):
                T.copy(Q[i_b, i_h, c * chunk:(c + 1) * chunk, :], q)
                T.gemm(q, h_shared, o, clear_accum=True)
                T.copy(o, O[i_b, i_h, c * chunk:(c + 1) * chunk, :])

    return main


kernel = linear_attn(1, 2, 64, 32)
