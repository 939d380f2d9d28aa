# bpf_skeleton(NAME SOURCE): compile SOURCE with clang -target bpf and
# generate NAME.skel.h with bpftool; defines INTERFACE target NAME_skel.
# Modelled on libbpf-bootstrap's FindBpfObject.cmake.

# Without clang or bpftool, NETMON_HAVE_BPF is OFF: the pure userspace
# libraries and their unit tests still build.
find_program(BPF_CLANG NAMES clang clang-16 clang-15 clang-14)
find_program(BPFTOOL NAMES bpftool PATHS /usr/sbin /usr/local/sbin)
if(BPF_CLANG AND BPFTOOL)
  set(NETMON_HAVE_BPF ON)
else()
  set(NETMON_HAVE_BPF OFF)
  message(WARNING "clang or bpftool not found: building only the userspace libraries and "
                  "unit tests (install clang and bpftool for the tool itself)")
endif()

if(CMAKE_SYSTEM_PROCESSOR MATCHES "x86_64|amd64")
  set(BPF_TARGET_ARCH x86)
elseif(CMAKE_SYSTEM_PROCESSOR MATCHES "aarch64|arm64")
  set(BPF_TARGET_ARCH arm64)
else()
  set(BPF_TARGET_ARCH ${CMAKE_SYSTEM_PROCESSOR})
endif()

# clang -target bpf does not search the host's multiarch dir (asm/types.h).
execute_process(COMMAND ${CMAKE_C_COMPILER} -print-multiarch
                OUTPUT_VARIABLE BPF_MULTIARCH OUTPUT_STRIP_TRAILING_WHITESPACE
                ERROR_QUIET)
if(BPF_MULTIARCH)
  set(BPF_SYS_INCLUDES -idirafter /usr/include/${BPF_MULTIARCH})
endif()

function(bpf_skeleton name src)
  set(obj ${CMAKE_CURRENT_BINARY_DIR}/${name}.bpf.o)
  set(skel ${CMAKE_CURRENT_BINARY_DIR}/${name}.skel.h)
  file(GLOB bpf_headers ${PROJECT_SOURCE_DIR}/bpf/*.h
                        ${PROJECT_SOURCE_DIR}/include/netmon/*.h)
  add_custom_command(
    OUTPUT ${obj}
    COMMAND ${BPF_CLANG} -g -O2 -Wall -Werror -Werror=undef -target bpf
            -D__TARGET_ARCH_${BPF_TARGET_ARCH}
            -I${PROJECT_SOURCE_DIR}/include -I${PROJECT_SOURCE_DIR}/bpf
            ${BPF_SYS_INCLUDES} -c ${src} -o ${obj}
    DEPENDS ${src} ${bpf_headers}
    COMMENT "BPF ${name}.bpf.o")
  add_custom_command(
    OUTPUT ${skel}
    COMMAND ${BPFTOOL} gen skeleton ${obj} name ${name} > ${skel}
    DEPENDS ${obj}
    COMMENT "skeleton ${name}.skel.h")
  add_custom_target(${name}_skel_gen DEPENDS ${skel})
  add_library(${name}_skel INTERFACE)
  add_dependencies(${name}_skel ${name}_skel_gen)
  target_include_directories(${name}_skel INTERFACE ${CMAKE_CURRENT_BINARY_DIR})
  target_link_libraries(${name}_skel INTERFACE PkgConfig::LIBBPF elf z)
endfunction()
