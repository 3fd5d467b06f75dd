// Forwarder for the in-tree include path "tt_metal/program.hpp".
#pragma once
#include <tt-metalium/program.hpp>
