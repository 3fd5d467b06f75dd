// Older include path of api/compute/tile_move_copy.h (forwards to it).
#pragma once
#include "api/compute/tile_move_copy.h"
