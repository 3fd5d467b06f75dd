# A driver that picks its configuration from CUDA device queries, as
# TileLang's examples do: conditions on values the compiler does not know run
# their else branch (with a remark), so the default configuration is used.
# dict(...), zip, enumerate and reversed fold on compile-time values.
import torch
import tilelang
import tilelang.language as T


def get_heuristic_config():
    if not torch.cuda.is_available():
        raise RuntimeError("CUDA is not available")
    sm_major, sm_minor = torch.cuda.get_device_capability(0)
    sm_version = sm_major * 10 + sm_minor
    if sm_version == 90:
        cfg = dict(block_M=128, block_N=256)
    elif sm_version in {80, 89}:
        cfg = dict(block_M=128, block_N=128)
    else:
        cfg = dict([("block_M", 64)], block_N=32)
    return cfg, sm_version


def copy(M, N, block_M, block_N):
    @T.prim_func
    def main(A: T.Tensor((M, N), "float16"), B: T.Tensor((M, N), "float16")):
        with T.Kernel(T.ceildiv(N, block_N), T.ceildiv(M, block_M)) as (bx, by):
            s = T.alloc_shared((block_M, block_N), "float16")
            T.copy(A[by * block_M, bx * block_N], s)
            T.copy(s, B[by * block_M, bx * block_N])

    return main


def main():
    # The else branch raises, so the body is the branch a running script
    # took: N = 512 is bound.
    if torch.cuda.is_available():
        N = 512
    else:
        raise RuntimeError("CUDA is not available")
    config, sm = get_heuristic_config()
    # (0, 512), (1, 256) -> M = 256 + 0, N = 512 * 1 via enumerate/zip.
    pairs = list(enumerate(reversed([256, 512])))
    sizes = {k: v for k, v in zip(("M", "N"), (pairs[1][1] + pairs[0][0], pairs[0][1] * pairs[1][0]))}
    assert sizes["N"] == N
    kernel = copy(sizes["M"], N, **config)


if __name__ == "__main__":
    main()
