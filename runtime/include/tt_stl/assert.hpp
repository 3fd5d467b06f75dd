// tt_stl's home of TT_FATAL / TT_THROW / TT_ASSERT (tt-metal moved them
// there; tt-metalium/assert.hpp is the same set).
#pragma once
#include <tt-metalium/assert.hpp>
