# Warnings live on an INTERFACE target that every Redline target links privately,
# so flags never leak to consumers of the installed library.
add_library(redline_warnings INTERFACE)
target_compile_options(redline_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast -Wcast-align
  -Wunused -Woverloaded-virtual -Wconversion -Wsign-conversion
  -Wdouble-promotion -Wformat=2 -Wimplicit-fallthrough)
if(REDLINE_WERROR)
  target_compile_options(redline_warnings INTERFACE -Werror)
endif()
