# Flags every Flipbench target shares, in one place.
add_library(flipbench_flags INTERFACE)
target_compile_features(flipbench_flags INTERFACE cxx_std_17)
target_compile_options(flipbench_flags INTERFACE
  $<$<CXX_COMPILER_ID:GNU,Clang>:-Wall -Wextra -Wno-unused-parameter>
  # Debian's libtorch_cpu pulls in OpenCV and with it Qt 5; executables must not export their
  # out-of-line copies of Qt 6 inline functions, or Qt 5 binds to them and crashes at start-up.
  $<$<CXX_COMPILER_ID:GNU,Clang>:-fvisibility-inlines-hidden>)
target_compile_definitions(flipbench_flags INTERFACE
  # Qt's `slots`/`signals`/`emit` macros clash with LibTorch headers; Q_SLOTS etc. are used instead.
  QT_NO_KEYWORDS
  FLIPBENCH_VERSION="${PROJECT_VERSION}")
