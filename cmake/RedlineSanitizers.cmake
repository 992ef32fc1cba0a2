# ASan + UBSan for the whole build when REDLINE_SANITIZE is on (the `asan` preset).
if(REDLINE_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()
