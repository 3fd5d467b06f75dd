// Older spelling of the data-format header.
#pragma once
#include <tt-metalium/data_types.hpp>
