# An error in an imported kernel is reported in that file.
from copy_kernels import bad

k = bad(64)
