# cmake -DINPUT=page.html -DOUTPUT=web_page.cpp -P EmbedWebPage.cmake
# Writes netmon::http::embedded_web_page() returning INPUT's bytes, as an
# array (a string literal would hit compilers' length limits; #embed is C23).
file(READ ${INPUT} hex HEX)
string(LENGTH "${hex}" hex_length)
if(hex_length EQUAL 0)
  message(FATAL_ERROR "netmon-xdp: ${INPUT} is empty: the web page build failed")
endif()
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
# 16 bytes a line, so the file stays readable in an editor (CMake regexes
# have no {n} repetition).
string(REPEAT "0x..," 16 line_of_16)
string(REGEX REPLACE "(${line_of_16})" "\\1\n    " bytes "${bytes}")
math(EXPR size "${hex_length} / 2")
file(WRITE ${OUTPUT}
"// Generated from web/ by cmake/EmbedWebPage.cmake (docs/web.md): do not edit.
#include \"http/web_page.h\"

namespace netmon::http {
namespace {
constexpr unsigned char kWebPage[${size}] = {
    ${bytes}
};
} // namespace

std::string_view embedded_web_page()
{
    return {reinterpret_cast<const char *>(kWebPage), sizeof kWebPage};
}

} // namespace netmon::http
")
