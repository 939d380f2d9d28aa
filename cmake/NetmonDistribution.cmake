# What an installed netmon-xdp carries besides the binary: the git revision
# --version prints, the man page and the bash completion (both generated from
# the built binary's --help, so they cannot drift from it), their install
# rules and their tests. Included once, after the netmon-xdp target exists.
include(GNUInstallDirs)

set(NETMON_GENERATED_DIR ${CMAKE_BINARY_DIR}/generated)
set(NETMON_REVISION_HEADER ${NETMON_GENERATED_DIR}/netmon_revision.h)
set(netmon_revision_command ${CMAKE_COMMAND} -DSOURCE_DIR=${PROJECT_SOURCE_DIR}
    -DOUTPUT=${NETMON_REVISION_HEADER} -P ${CMAKE_CURRENT_LIST_DIR}/git_revision.cmake)
# At configure time so the header exists, and at every build so a new commit
# shows; the header changes (and main.cpp recompiles) only with the revision.
execute_process(COMMAND ${netmon_revision_command})
add_custom_target(netmon_revision COMMAND ${netmon_revision_command}
                  BYPRODUCTS ${NETMON_REVISION_HEADER} VERBATIM)
add_dependencies(netmon-xdp netmon_revision)
target_include_directories(netmon-xdp PRIVATE ${NETMON_GENERATED_DIR})

set(NETMON_MANPAGE ${NETMON_GENERATED_DIR}/netmon-xdp.8)
set(NETMON_MANPAGE_TEMPLATE ${PROJECT_SOURCE_DIR}/docs/netmon-xdp.8.in)
add_custom_command(OUTPUT ${NETMON_MANPAGE}
    COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/gen-manpage.sh $<TARGET_FILE:netmon-xdp>
            ${NETMON_MANPAGE_TEMPLATE} ${NETMON_MANPAGE}
    DEPENDS netmon-xdp ${CMAKE_CURRENT_LIST_DIR}/gen-manpage.sh
            ${CMAKE_CURRENT_LIST_DIR}/cli11-help.awk ${NETMON_MANPAGE_TEMPLATE}
    COMMENT "Generating netmon-xdp.8 from --help" VERBATIM)

set(NETMON_COMPLETION ${NETMON_GENERATED_DIR}/netmon-xdp.bash-completion)
set(NETMON_COMPLETION_TEMPLATE ${CMAKE_CURRENT_LIST_DIR}/netmon-xdp.bash-completion.in)
add_custom_command(OUTPUT ${NETMON_COMPLETION}
    COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/gen-completion.sh $<TARGET_FILE:netmon-xdp>
            ${NETMON_COMPLETION_TEMPLATE} ${NETMON_COMPLETION}
    DEPENDS netmon-xdp ${CMAKE_CURRENT_LIST_DIR}/gen-completion.sh
            ${CMAKE_CURRENT_LIST_DIR}/cli11-help.awk ${NETMON_COMPLETION_TEMPLATE}
    COMMENT "Generating the bash completion from --help" VERBATIM)

add_custom_target(netmon_docs ALL DEPENDS ${NETMON_MANPAGE} ${NETMON_COMPLETION})

install(FILES ${NETMON_MANPAGE} DESTINATION ${CMAKE_INSTALL_MANDIR}/man8)
install(FILES ${NETMON_COMPLETION} DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions
        RENAME netmon-xdp)

if(BUILD_TESTING)
  set(netmon_docs_tests ${PROJECT_SOURCE_DIR}/tests/install)
  add_test(NAME install.manpage_options
           COMMAND bash ${netmon_docs_tests}/test_manpage_options.sh
                   $<TARGET_FILE:netmon-xdp> ${NETMON_MANPAGE})
  add_test(NAME install.bash_completion
           COMMAND bash ${netmon_docs_tests}/test_bash_completion.sh
                   $<TARGET_FILE:netmon-xdp> ${NETMON_COMPLETION})
  add_test(NAME install.prefix
           COMMAND bash ${netmon_docs_tests}/test_install_prefix.sh ${CMAKE_BINARY_DIR})
  add_test(NAME install.version
           COMMAND bash ${netmon_docs_tests}/test_version.sh
                   $<TARGET_FILE:netmon-xdp> ${PROJECT_SOURCE_DIR})
  # The page the build made (not an installed one): its content, and every
  # option the docs name exists.
  add_test(NAME docs.manpage_content
           COMMAND bash ${netmon_docs_tests}/test_manpage_content.sh
                   $<TARGET_FILE:netmon-xdp> ${NETMON_MANPAGE} ${PROJECT_SOURCE_DIR})
  add_test(NAME docs.options_exist
           COMMAND bash ${netmon_docs_tests}/test_doc_options.sh
                   $<TARGET_FILE:netmon-xdp> ${NETMON_MANPAGE} ${PROJECT_SOURCE_DIR})
  # The docs' attach examples and example configurations are accepted.
  add_test(NAME docs.attach_examples
           COMMAND bash ${netmon_docs_tests}/test_doc_attach_examples.sh
                   $<TARGET_FILE:netmon-xdp> ${PROJECT_SOURCE_DIR})
  add_test(NAME install.help_width
           COMMAND bash ${netmon_docs_tests}/test_help_width.sh $<TARGET_FILE:netmon-xdp>)
  set_tests_properties(install.manpage_options install.bash_completion install.prefix
                       install.version install.help_width docs.manpage_content docs.options_exist
                       docs.attach_examples PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 120)
  # cpack (install.deb) rebuilds what is out of date, the man page and the
  # binary among them: these read both, so never while it runs.
  set_tests_properties(install.manpage_options install.bash_completion install.prefix
                       install.version install.help_width docs.manpage_content docs.options_exist
                       docs.attach_examples PROPERTIES RESOURCE_LOCK build_outputs)
endif()
