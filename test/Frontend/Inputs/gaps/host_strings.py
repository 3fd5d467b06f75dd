# Sizes read from a command line string, as drivers do: str.split/strip/
# lower/replace/startswith/join and int()/float() of the pieces.
import argparse
import tilelang.language as T


def copy_rows(sizes, block, dtype):
    rows = sum(sizes)

    @T.prim_func
    def main(A: T.Tensor((rows, 64), dtype), B: T.Tensor((rows, 64), dtype)):
        with T.Kernel(T.ceildiv(rows, block)) as bx:
            s = T.alloc_shared((block, 64), dtype)
            T.copy(A[bx * block, 0], s)
            T.copy(s, B[bx * block, 0])

    return main


parser = argparse.ArgumentParser()
parser.add_argument("--sizes", type=str, default=" 64, 128 ,32 ")
parser.add_argument("--dtype", type=str, default="Float_16")
parser.add_argument("--scale", type=str, default="0.5")
args = parser.parse_args()
sizes = [int(x) for x in args.sizes.strip().split(",")]
dtype = args.dtype.lower().replace("_", "")
block = int(64 * float(args.scale)) if dtype.startswith("float") else 0
name = "-".join(["a", "b"])
assert name == "a-b" and "x y\tz".split() == ["x", "y", "z"]
func = copy_rows(sizes, block, dtype)
