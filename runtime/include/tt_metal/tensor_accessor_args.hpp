// Forwarder for the in-tree include path "tt_metal/tensor_accessor_args.hpp".
#pragma once
#include <tt-metalium/tensor_accessor_args.hpp>
