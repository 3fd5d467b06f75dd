// Forwarder for the in-tree include path "tt_metal/work_split.hpp".
#pragma once
#include <tt-metalium/work_split.hpp>
