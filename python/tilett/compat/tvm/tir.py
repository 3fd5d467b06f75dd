"""tvm.tir: the kernel language of TIR-style scripts (`T.Buffer`,
`T.prim_func`), which tilett's compiler reads from the source file."""

from tilelang.language import *  # noqa: F401,F403
from tilelang.language import __getattr__  # noqa: F401
from tilelang.language import prim_func  # noqa: F401
