// Older include path of the kernel debug-print API.
#pragma once
#include <api/debug/dprint.h>
