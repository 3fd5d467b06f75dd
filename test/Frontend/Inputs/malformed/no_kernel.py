import tilelang.language as T

def f(n):
    return n
f(64)
