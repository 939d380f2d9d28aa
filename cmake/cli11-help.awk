# Reads one CLI11 --help text and prints it as tab-separated records, the one
# parse that the man page and the bash completion generators share:
#   about   <line of the description above "Usage:">
#   usage   <usage line, program name replaced by netmon-xdp>
#   section <Positionals|Options|Subcommands|...>
#   item    <names, comma-separated> <value type or ""> <choices or ""> <default or ""> <notes> <description>
#   footer  <line after the last section>
# An item's description may continue on lines indented past its name column.
function flush() {
    if (have_item)
        printf "item\t%s\t%s\t%s\t%s\t%s\t%s\n", names, type, choices, def, notes, desc
    have_item = 0
}
function parse_spec(spec,    n, parts, rest, i, tok) {
    n = split(spec, parts, " ")
    names = parts[1]; type = ""; choices = ""; def = ""; notes = ""
    rest = ""
    for (i = 2; i <= n; i++)
        rest = rest (rest == "" ? "" : " ") parts[i]
    # The value type comes first: TEXT, FLOAT:POSITIVE, TEXT:{a,b}=a, UINT:INT in [0 - 1000]=10.
    if (match(rest, /^[A-Z][A-Z]*(:[^ ]*( in \[[^]]*\])?)?(=[^ ]*)?/)) {
        tok = substr(rest, 1, RLENGTH)
        rest = substr(rest, RLENGTH + 2)
        if (tok != "REQUIRED") {
            if (match(tok, /=[^ \]]*$/)) {
                def = substr(tok, RSTART + 1)
                tok = substr(tok, 1, RSTART - 1)
            }
            if (match(tok, /\{[^}]*\}/))
                choices = substr(tok, RSTART + 1, RLENGTH - 2)
            type = tok
        } else {
            rest = "REQUIRED" (rest == "" ? "" : " " rest)
        }
    }
    notes = rest
}
BEGIN { state = "about"; have_item = 0 }
/^Usage: / {
    line = $0
    sub(/^Usage: [^ ]+/, "netmon-xdp", line)
    printf "usage\t%s\n", line
    state = "body"
    next
}
state == "about" { if ($0 != "") printf "about\t%s\n", $0; next }
/^[A-Z][A-Za-z ]*:$/ { flush(); sub(/:$/, ""); printf "section\t%s\n", $0; state = "section"; next }
/^$/ { flush(); if (state == "section") state = "after"; next }
state == "section" && /^  [^ ]/ {
    flush()
    line = substr($0, 3)
    # The name column and the description are separated by two or more spaces.
    if (match(line, /  +/)) {
        spec = substr(line, 1, RSTART - 1)
        desc = substr(line, RSTART + RLENGTH)
    } else {
        spec = line
        desc = ""
    }
    parse_spec(spec)
    have_item = 1
    next
}
state == "section" && /^   +[^ ]/ {
    line = $0
    sub(/^ +/, "", line)
    desc = desc (desc == "" ? "" : " ") line
    next
}
state == "after" || state == "section" { flush(); state = "after"; printf "footer\t%s\n", $0 }
END { flush() }
