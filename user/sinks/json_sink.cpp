#include "sinks/json_sink.h"

#include "output/alert_json.h"
#include "output/json_view.h"

namespace netmon {

void JsonSink::consume(const SnapshotPtr &snapshot)
{
    // One write per line: a reader never sees half an object.
    out_.write_all(render_json_line(*snapshot) + "\n");
}

} // namespace netmon

namespace netmon {

void JsonSink::consume_alert(const AlertEventPtr &event)
{
    out_.write_all(render_alert_json_line(*event) + "\n");
}

} // namespace netmon
