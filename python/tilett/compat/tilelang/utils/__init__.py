"""tilelang.utils: what scripts import from it."""

from . import target  # noqa: F401
