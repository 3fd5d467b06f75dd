# SwiGLU gate: silu(a) * b with T.sigmoid, in bf16 with f32 math, and a
# tanh-GELU variant chosen by a string flag.
import tilelang
import tilelang.language as T


def gated(M, N, act="silu", block_M=32, block_N=64, dtype=T.bfloat16):
    accum = T.float32

    @T.prim_func
    def main(A: T.Tensor((M, N), dtype), B: T.Tensor((M, N), dtype), C: T.Tensor((M, N), dtype)):
        with T.Kernel(T.ceildiv(N, block_N), T.ceildiv(M, block_M)) as (bx, by):
            a = T.alloc_shared((block_M, block_N), dtype)
            b = T.alloc_shared((block_M, block_N), dtype)
            c = T.alloc_fragment((block_M, block_N), dtype)
            T.copy(A[by * block_M, bx * block_N], a)
            T.copy(B[by * block_M, bx * block_N], b)
            for i, j in T.Parallel(block_M, block_N):
                x = T.Cast(accum, a[i, j])
                if act == "silu":
                    g = x * T.sigmoid(x)
                else:
                    g = 0.5 * x * (1.0 + T.tanh(0.7978845608 * (x + 0.044715 * x * x * x)))
                c[i, j] = T.Cast(dtype, g * T.Cast(accum, b[i, j]))
            T.copy(c, C[by * block_M, bx * block_N])

    return main


silu = gated(64, 128)
gelu = gated(64, 128, act="gelu")
