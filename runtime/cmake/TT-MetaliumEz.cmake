# tt_metal_ez: the library tt-metal's newest examples link next to
# TT::Metalium for its experimental "ez" layer. The emulator's ez
# (<tt-metalium/experimental/ez/ez.hpp>) is header-only, so the target only
# carries TT::Metalium.
if(NOT TARGET tt_metal_ez)
  add_library(tt_metal_ez INTERFACE IMPORTED)
  set_target_properties(tt_metal_ez PROPERTIES INTERFACE_LINK_LIBRARIES TT::Metalium)
endif()
