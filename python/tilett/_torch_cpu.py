"""Scripts written for a GPU put tensors on "cuda"; here they live on the
CPU, where the emulator runs. Said once, on the first such request."""

import functools
import sys

_said = False


def _note():
    global _said
    if not _said:
        print("tilett: tensors placed on 'cuda' live on the CPU (the "
              "emulator runs in this process)", file=sys.stderr)
        _said = True


def _is_cuda(device):
    return device is not None and str(device).startswith("cuda")


def install():
    try:
        import torch
    except ImportError:
        return
    if getattr(torch, "_tilett_cpu", False):
        return
    torch._tilett_cpu = True

    def strip_device(fn):
        @functools.wraps(fn)
        def call(*args, **kwargs):
            if _is_cuda(kwargs.get("device")):
                _note()
                kwargs["device"] = "cpu"
            return fn(*args, **kwargs)
        return call

    # torch.compile (torch 2) only speeds a function up: the function
    # itself is what it computes.
    if not hasattr(torch, "compile"):
        torch.compile = lambda fn=None, **kw: (fn if fn is not None
                                               else (lambda f: f))

    for name in ("randn", "rand", "randint", "zeros", "ones", "empty", "full",
                 "tensor", "arange", "linspace", "eye", "randn_like",
                 "rand_like", "zeros_like", "ones_like", "empty_like",
                 "full_like", "randperm", "as_tensor"):
        if hasattr(torch, name):
            setattr(torch, name, strip_device(getattr(torch, name)))

    def cuda(self, *args, **kwargs):
        _note()
        return self

    to = torch.Tensor.to

    def to_cpu(self, *args, **kwargs):
        if args and _is_cuda(args[0]):
            _note()
            args = ("cpu",) + args[1:]
        if _is_cuda(kwargs.get("device")):
            _note()
            kwargs["device"] = "cpu"
        return to(self, *args, **kwargs)

    torch.Tensor.cuda = cuda
    torch.Tensor.to = to_cpu
    torch.cuda.synchronize = lambda *a, **k: None

    # CPU torch 1.13 has no half-precision matmul; a GPU computes it with
    # fp32 accumulation, which is what the reference gets here.
    def half_safe(fn):
        @functools.wraps(fn)
        def call(a, b, *args, **kwargs):
            if (getattr(a, "dtype", None) == torch.float16 and
                    getattr(b, "dtype", None) == torch.float16):
                return fn(a.float(), b.float(), *args, **kwargs).half()
            return fn(a, b, *args, **kwargs)
        return call

    torch.Tensor.__matmul__ = half_safe(torch.Tensor.__matmul__)
    torch.matmul = half_safe(torch.matmul)
    torch.mm = half_safe(torch.mm)
    torch.bmm = half_safe(torch.bmm)
