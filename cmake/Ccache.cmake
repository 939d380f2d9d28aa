# ccache, where installed (-DNETMON_CCACHE=OFF builds without): every build
# tree compiles through it, CI's three included, so no script has to ask.
# CCACHE_BASEDIR: a clone anywhere hits what a clone elsewhere filled (the
# paths in the commands become relative); pch_defines and time_macros let it
# cache the test binaries' precompiled header (tests/CMakeLists.txt).
option(NETMON_CCACHE "Compile through ccache when it is installed" ON)
find_program(NETMON_CCACHE_PROGRAM ccache)
if(NETMON_CCACHE AND NETMON_CCACHE_PROGRAM AND NOT CMAKE_CXX_COMPILER_LAUNCHER)
  set(NETMON_CCACHE_LAUNCHER
      env CCACHE_BASEDIR=${PROJECT_SOURCE_DIR} CCACHE_NOHASHDIR=true
      CCACHE_SLOPPINESS=pch_defines,time_macros ${NETMON_CCACHE_PROGRAM})
  set(CMAKE_C_COMPILER_LAUNCHER ${NETMON_CCACHE_LAUNCHER})
  set(CMAKE_CXX_COMPILER_LAUNCHER ${NETMON_CCACHE_LAUNCHER})
endif()
