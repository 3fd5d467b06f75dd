# A persistent-style grid sized by a device query: the error names it.
import tilelang
import tilelang.language as T
from tilelang.carver.arch import driver

sm_num = driver.get_num_sms()


@T.prim_func
def main(A: T.Tensor((256, 256), "float16")):
    with T.Kernel(4) as bx:
        waves = T.ceildiv(16, sm_num)
