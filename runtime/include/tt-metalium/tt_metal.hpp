// tt_metal.hpp: the detail:: slow-dispatch entry points.
#pragma once
#include <tt-metalium/host_api.hpp>
