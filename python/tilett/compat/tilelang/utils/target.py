"""tilelang.utils.target: target names. Every target compiles for
Tenstorrent here; the original backend's TENSTORRENT_TARGET is accepted."""

TENSTORRENT_TARGET = "tenstorrent"


def determine_target(target="auto", return_object=False):
    return TENSTORRENT_TARGET
