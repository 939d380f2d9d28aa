// Built when the web page was not: GET / answers 404 with a hint.
#include "http/web_page.h"

namespace netmon::http {

std::string_view embedded_web_page() { return {}; }

} // namespace netmon::http
