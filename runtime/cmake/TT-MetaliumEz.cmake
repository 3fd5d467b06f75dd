# tt_metal_ez: the target name tt-metal's newest examples link next to
# TT::Metalium (its experimental "ez" convenience layer). Here it only
# carries TT::Metalium, so such CMakeLists configure and link; the ez API
# itself (<tt-metalium/experimental/ez/ez.hpp>) is not emulated, so a host
# program that includes it does not compile.
if(NOT TARGET tt_metal_ez)
  add_library(tt_metal_ez INTERFACE IMPORTED)
  set_target_properties(tt_metal_ez PROPERTIES INTERFACE_LINK_LIBRARIES TT::Metalium)
endif()
