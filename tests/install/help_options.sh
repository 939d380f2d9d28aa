# Sourced by the tests here: what --help itself lists, read with a plain grep
# (independent of cmake/cli11-help.awk, which the generators use).

# The subcommands of the top-level --help, one a line.
help_subcommands() {
    "$1" --help | awk '/^Subcommands:$/ { on = 1; next } /^$/ { on = 0 } on && /^  [^ ]/ { print $1 }'
}

# The options of one --help (top level with no subcommand), one a line.
help_options() {
    local bin=$1
    shift
    "$bin" "$@" --help | grep -E '^  -' | awk '{ print $1 }' | tr ',' '\n'
}
