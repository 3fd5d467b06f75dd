"""tvm.script: `from tvm.script import tir as T`."""

from tvm import tir  # noqa: F401
