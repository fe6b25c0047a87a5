# Optional parts of the core. Each is AUTO (built when its packages are found), ON (an error when
# they are missing) or OFF (not built, its packages not even looked for). A CUDA server with only
# LibTorch and nlohmann_json builds the core and flipbench-cli with both parts left out.
#
#   FLIPBENCH_DOWNLOAD       dataset download: libcurl, OpenSSL (libcrypto), libarchive
#   FLIPBENCH_IMAGE_FOLDERS  image-folder decoding: libpng, libjpeg
#
# Results, for the rest of the build:
#   FLIPBENCH_WITH_DOWNLOAD, FLIPBENCH_WITH_IMAGE_FOLDERS   ON or OFF
#   FLIPBENCH_DOWNLOAD_NOTE, FLIPBENCH_IMAGE_FOLDERS_NOTE   why, for the summary and `flipbench-cli version`
#   FLIPBENCH_PART_DEFINITIONS   FLIPBENCH_HAS_DOWNLOAD=0|1;FLIPBENCH_HAS_IMAGE_FOLDERS=0|1, for the
#                                few sources that call into a part (set per source, so that every
#                                other object is the same in every configuration and ccache reuses it)
#   flipbench_parts              an INTERFACE target carrying those definitions

# flipbench_part_option(VAR DOC): a cache entry AUTO/ON/OFF; CMake's other booleans are accepted.
function(flipbench_part_option var doc)
  set(${var} AUTO CACHE STRING "${doc}: AUTO (when its packages are found), ON or OFF")
  set_property(CACHE ${var} PROPERTY STRINGS AUTO ON OFF)
  string(TOUPPER "${${var}}" value)
  if(value MATCHES "^(ON|YES|TRUE|Y|1)$")
    set(value ON)
  elseif(value MATCHES "^(OFF|NO|FALSE|N|0)$")
    set(value OFF)
  elseif(NOT value STREQUAL "AUTO")
    message(FATAL_ERROR "${var} must be AUTO, ON or OFF, got \"${${var}}\"")
  endif()
  set(${var}_MODE ${value} PARENT_SCOPE)
endfunction()

# flipbench_resolve_part(PART VAR PACKAGE_HINT FOUND_VARS...): FLIPBENCH_WITH_PART and its note from
# the mode and the find_package results named in FOUND_VARS (as "Package:FoundVariable").
function(flipbench_resolve_part part var hint)
  set(missing "")
  foreach(entry ${ARGN})
    string(REPLACE ":" ";" entry "${entry}")
    list(GET entry 0 package)
    list(GET entry 1 found)
    if(NOT ${found})
      list(APPEND missing ${package})
    endif()
  endforeach()
  if(missing)
    string(REPLACE ";" ", " missing "${missing}")
    string(TOLOWER "${part}" name)
    string(REPLACE "_" "-" name "${name}")
    if(${var}_MODE STREQUAL "ON")
      message(FATAL_ERROR "${var}=ON, but ${missing} not found. Install ${hint}, or configure with "
                          "-D${var}=OFF (or AUTO) to build without the ${name} part.")
    endif()
    set(FLIPBENCH_WITH_${part} OFF PARENT_SCOPE)
    set(FLIPBENCH_${part}_NOTE "not found: ${missing}" PARENT_SCOPE)
  else()
    set(FLIPBENCH_WITH_${part} ON PARENT_SCOPE)
    set(FLIPBENCH_${part}_NOTE "${var}=${${var}_MODE}" PARENT_SCOPE)
  endif()
endfunction()

flipbench_part_option(FLIPBENCH_DOWNLOAD "Build dataset download (libcurl, OpenSSL, libarchive)")
flipbench_part_option(FLIPBENCH_IMAGE_FOLDERS "Build image-folder decoding (libpng, libjpeg)")

if(FLIPBENCH_DOWNLOAD_MODE STREQUAL "OFF")
  set(FLIPBENCH_WITH_DOWNLOAD OFF)
  set(FLIPBENCH_DOWNLOAD_NOTE "FLIPBENCH_DOWNLOAD=OFF")
else()
  # Debian: libcurl4-openssl-dev, libssl-dev, libarchive-dev.
  find_package(CURL QUIET)
  find_package(OpenSSL QUIET COMPONENTS Crypto)
  find_package(LibArchive QUIET)
  flipbench_resolve_part(DOWNLOAD FLIPBENCH_DOWNLOAD "libcurl4-openssl-dev, libssl-dev and libarchive-dev"
    CURL:CURL_FOUND OpenSSL:OpenSSL_FOUND LibArchive:LibArchive_FOUND)
endif()

if(FLIPBENCH_IMAGE_FOLDERS_MODE STREQUAL "OFF")
  set(FLIPBENCH_WITH_IMAGE_FOLDERS OFF)
  set(FLIPBENCH_IMAGE_FOLDERS_NOTE "FLIPBENCH_IMAGE_FOLDERS=OFF")
else()
  # Debian: libpng-dev, libjpeg62-turbo-dev (the libraries Pillow decodes with).
  find_package(PNG QUIET)
  find_package(JPEG QUIET)
  flipbench_resolve_part(IMAGE_FOLDERS FLIPBENCH_IMAGE_FOLDERS "libpng-dev and libjpeg62-turbo-dev"
    PNG:PNG_FOUND JPEG:JPEG_FOUND)
endif()

set(FLIPBENCH_PART_DEFINITIONS "")
foreach(part DOWNLOAD IMAGE_FOLDERS)
  if(FLIPBENCH_WITH_${part})
    list(APPEND FLIPBENCH_PART_DEFINITIONS FLIPBENCH_HAS_${part}=1)
  else()
    list(APPEND FLIPBENCH_PART_DEFINITIONS FLIPBENCH_HAS_${part}=0)
  endif()
endforeach()
add_library(flipbench_parts INTERFACE)
target_compile_definitions(flipbench_parts INTERFACE ${FLIPBENCH_PART_DEFINITIONS})
