"""Tensors across the boundary: numpy arrays and CPU torch tensors in,
float64 arrays to the emulator (which rounds to the kernel's dtypes), and
back in the dtype the kernel's buffer has."""

import numpy as np

# numpy has no bfloat16: such outputs come back as float32 arrays (holding
# bf16 values) unless the caller passed torch tensors.
_NUMPY = {"f16": np.float16, "bf16": np.float32, "f32": np.float32,
          "i32": np.int32}
_TORCH = {"f16": "float16", "bf16": "bfloat16", "f32": "float32",
          "i32": "int32"}


def _is_torch(x):
    return type(x).__module__.startswith("torch")


def to_host(tensor):
    """A float64 numpy copy of a numpy array, torch tensor or nested list."""
    if _is_torch(tensor):
        return tensor.detach().to("cpu").double().numpy()
    return np.asarray(tensor, dtype=np.float64)


def from_host(array, dtype, like=None, into=None):
    """`array` (float64) in the buffer's dtype: written into `into` if
    given, else a new tensor of the kind of `like` (torch or numpy)."""
    if into is not None:
        if _is_torch(into):
            import torch
            into.copy_(torch.from_numpy(array).to(into.dtype))
        else:
            np.copyto(into, array.astype(into.dtype), casting="unsafe")
        return into
    if like is not None and _is_torch(like):
        import torch
        return torch.from_numpy(array).to(getattr(torch, _TORCH[dtype]))
    return array.astype(_NUMPY.get(dtype, np.float64))
