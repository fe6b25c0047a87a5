# Flags every Flipbench target shares, in one place.
add_library(flipbench_flags INTERFACE)
target_compile_features(flipbench_flags INTERFACE cxx_std_17)
target_compile_options(flipbench_flags INTERFACE
  $<$<CXX_COMPILER_ID:GNU,Clang>:-Wall -Wextra -Wno-unused-parameter>)
target_compile_definitions(flipbench_flags INTERFACE
  # Qt's `slots`/`signals`/`emit` macros clash with LibTorch headers; Q_SLOTS etc. are used instead.
  QT_NO_KEYWORDS
  FLIPBENCH_VERSION="${PROJECT_VERSION}")
