// fmt 11 split fmt/core.h into fmt/base.h; tt-metal's examples include the
// new name. Only on the include path when the system fmt predates 11.
#pragma once
#include <fmt/core.h>
