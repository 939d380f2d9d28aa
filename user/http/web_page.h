// GET /: the web page, compiled into the binary when npm was there at
// build time (the web build provides the implementation); otherwise
// web_page_missing.cpp's empty view, and GET / says why.
#pragma once

#include <string_view>

namespace netmon::http {

std::string_view embedded_web_page();

} // namespace netmon::http
