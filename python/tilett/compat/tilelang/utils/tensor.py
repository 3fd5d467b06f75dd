"""tilelang.utils.tensor: the tensor helpers scripts import."""

from tilett.profiler import TensorSupplyType  # noqa: F401

from ..testing import torch_assert_close  # noqa: F401
