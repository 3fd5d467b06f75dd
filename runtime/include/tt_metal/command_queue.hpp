// Forwarder for the in-tree include path "tt_metal/command_queue.hpp".
#pragma once
#include <tt-metalium/command_queue.hpp>
