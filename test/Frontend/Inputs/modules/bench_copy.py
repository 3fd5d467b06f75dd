# Imports its kernels from copy_kernels.py beside it, three ways.
import copy_kernels
import copy_kernels as ck
from copy_kernels import copy, BLOCK as B

k1 = copy(128, 64)
k2 = ck.copy(256, 64, block=copy_kernels.BLOCK * 2)
assert B == 32
