# Use ccache when it is installed. Precompiled headers need the two sloppiness settings below,
# otherwise ccache refuses to cache any translation unit that uses one.
#
# CCACHE_BASEDIR makes the paths under the source folder relative before hashing, so two build
# folders at the same depth in the source tree (build/ and build-cli-only/, see
# scripts/cli-only-check.sh) share their cached objects, precompiled headers included. The core
# objects are the same in every configuration of the optional parts, so the second build compiles
# only the few files that differ.
find_program(FLIPBENCH_CCACHE ccache)
if(FLIPBENCH_CCACHE AND NOT CMAKE_CXX_COMPILER_LAUNCHER)
  set(CMAKE_CXX_COMPILER_LAUNCHER
      ${CMAKE_COMMAND} -E env CCACHE_SLOPPINESS=pch_defines,time_macros,include_file_mtime,include_file_ctime
      CCACHE_BASEDIR=${CMAKE_SOURCE_DIR}
      ${FLIPBENCH_CCACHE})
  message(STATUS "Flipbench: using ccache (${FLIPBENCH_CCACHE})")
endif()
