// Host utilities (tile sizes) under tt-metal's util.hpp name.
#pragma once
#include <tt-metalium/tile_size.hpp>
