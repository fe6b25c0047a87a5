# Use ccache when it is installed. Precompiled headers need the two sloppiness settings below,
# otherwise ccache refuses to cache any translation unit that uses one.
find_program(FLIPBENCH_CCACHE ccache)
if(FLIPBENCH_CCACHE AND NOT CMAKE_CXX_COMPILER_LAUNCHER)
  set(CMAKE_CXX_COMPILER_LAUNCHER
      ${CMAKE_COMMAND} -E env CCACHE_SLOPPINESS=pch_defines,time_macros,include_file_mtime,include_file_ctime
      ${FLIPBENCH_CCACHE})
  message(STATUS "Flipbench: using ccache (${FLIPBENCH_CCACHE})")
endif()
