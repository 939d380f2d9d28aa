# Running as a service (docs/service.md): the systemd unit netmon-xdp@.service
# and the example /etc/netmon-xdp/netmon-xdp.conf, installed by
# `cmake --install`; and the Debian package (`cpack -G DEB`) that carries
# them with the binary, the man page and the completion. Included after
# NetmonDistribution.cmake.
set(NETMON_DIST_DIR ${PROJECT_SOURCE_DIR}/dist)

# The unit names the binary and the config file by their installed paths,
# which depend on the prefix given at install time (cmake --install
# --prefix, or /usr in the package): so it is written then. Under /usr the
# config is in /etc, as the FHS and GNUInstallDirs say; elsewhere PREFIX/etc.
install(CODE "
  set(netmon_prefix \"\${CMAKE_INSTALL_PREFIX}\")
  if(netmon_prefix STREQUAL \"/usr\")
    set(netmon_etc /etc)
  else()
    set(netmon_etc \"\${netmon_prefix}/etc\")
  endif()
  set(CMAKE_INSTALL_FULL_SBINDIR \"\${netmon_prefix}/sbin\")
  set(NETMON_CONFIG_FILE \"\${netmon_etc}/netmon-xdp/netmon-xdp.conf\")
  configure_file(\"${NETMON_DIST_DIR}/netmon-xdp@.service.in\"
                 \"${CMAKE_BINARY_DIR}/generated/unit/netmon-xdp@.service\" @ONLY)
  file(INSTALL \"${CMAKE_BINARY_DIR}/generated/unit/netmon-xdp@.service\"
       DESTINATION \"\${netmon_prefix}/lib/systemd/system\")
  file(INSTALL \"${NETMON_DIST_DIR}/netmon-xdp.conf\" DESTINATION \"\${netmon_etc}/netmon-xdp\")
")

# The Debian package: everything `cmake --install` puts under /usr and /etc.
# Depends come from dpkg-shlibdeps (the libraries the binary links).
set(CPACK_PACKAGE_NAME netmon-xdp)
set(CPACK_PACKAGE_VENDOR "netmon-xdp")
set(CPACK_PACKAGE_CONTACT "netmon-xdp maintainers <netmon-xdp@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "real-time network monitor that counts every frame in the kernel (XDP)")
set(CPACK_PACKAGE_DESCRIPTION
    "An XDP program counts every frame into per-CPU flow tables; netmon-xdp reads them each\n interval and reports rates, top talkers and alerts as text, JSON, Prometheus, IPFIX or\n ClickHouse rows. Includes a systemd unit (netmon-xdp@IFACE) and an example config.")
# Installed with DESTDIR and prefix /usr, so the config's /etc lands in the
# package where dpkg puts it.
set(CPACK_SET_DESTDIR ON)
set(CPACK_INSTALL_PREFIX /usr)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON) # debug info stays in the build tree
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "bash-completion, man-db")
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "https://example.invalid/netmon-xdp")
# dpkg keeps a locally edited config across upgrades and removal.
file(WRITE ${CMAKE_BINARY_DIR}/generated/deb/conffiles "/etc/netmon-xdp/netmon-xdp.conf\n")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA ${CMAKE_BINARY_DIR}/generated/deb/conffiles)
set(CPACK_GENERATOR DEB)
include(CPack)

if(BUILD_TESTING)
  set(netmon_service_tests ${PROJECT_SOURCE_DIR}/tests/install)
  add_test(NAME install.systemd_unit
           COMMAND bash ${netmon_service_tests}/test_systemd_unit.sh ${CMAKE_BINARY_DIR})
  add_test(NAME install.deb
           COMMAND bash ${netmon_service_tests}/test_deb.sh ${CMAKE_BINARY_DIR})
  set_tests_properties(install.systemd_unit install.deb PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 300)
  # Installs into the system's dpkg database: one at a time; and its cpack
  # rebuilds what is out of date, which the install and docs tests read.
  set_tests_properties(install.deb PROPERTIES RESOURCE_LOCK "dpkg;build_outputs")
endif()
