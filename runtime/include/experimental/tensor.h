// tt-metal's experimental/tensor.h: TensorAccessor pages as Noc transfer
// ends (api/tensor/noc_traits.h).
#pragma once

#include "api/tensor/noc_traits.h"
#include "experimental/noc.h"
