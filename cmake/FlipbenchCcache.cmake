# Use ccache when it is installed. Precompiled headers need the two sloppiness settings below,
# otherwise ccache refuses to cache any translation unit that uses one.
#
# CCACHE_BASEDIR makes the paths under the source folder relative before hashing, so a clone in
# another folder reuses the cache. It does not make build/ and build-cli-only/ share objects: their
# precompiled headers differ, and every translation unit that uses one misses (measured with
# scripts/cli-only-check.sh: 8 hits in 411).
find_program(FLIPBENCH_CCACHE ccache)
if(FLIPBENCH_CCACHE AND NOT CMAKE_CXX_COMPILER_LAUNCHER)
  set(CMAKE_CXX_COMPILER_LAUNCHER
      ${CMAKE_COMMAND} -E env CCACHE_SLOPPINESS=pch_defines,time_macros,include_file_mtime,include_file_ctime
      CCACHE_BASEDIR=${CMAKE_SOURCE_DIR}
      ${FLIPBENCH_CCACHE})
  message(STATUS "Flipbench: using ccache (${FLIPBENCH_CCACHE})")
endif()
