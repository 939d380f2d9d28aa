# Two throwaway clickhouse-server instances on loopback, for the ClickHouse
# tests: configs, data and logs under one temp dir, both in one two-shard
# cluster "netmon_fleet" (docs/clickhouse.md). Source it, set CH_NS to run
# them in a network namespace (the one netmon-xdp runs in), then
#   ch_start_pair DIR   ->  CH_HTTP1 CH_HTTP2 (HTTP ports), servers running
#   ch_stop N / ch_start N, ch_query N SQL, ch_script N FILE,
#   ch_stop_all (call it on exit, also on failure)
# Ports are picked at random: a port in use makes the server fail to start,
# and ch_start says so.
CH_NS=${CH_NS:-}
ch_exec() { if [ -n "$CH_NS" ]; then ip netns exec "$CH_NS" "$@"; else "$@"; fi; }

ch_config() { # N DIR HTTP TCP OTHER_TCP
	local n=$1 dir=$2 http=$3 tcp=$4 tcp1=$5 tcp2=$6
	mkdir -p "$dir/ch$n/data/" "$dir/ch$n/tmp/"
	cat >"$dir/ch$n/config.xml" <<XML
<?xml version="1.0"?>
<yandex>
    <logger><level>warning</level><log>$dir/ch$n/server.log</log>
        <errorlog>$dir/ch$n/server.err.log</errorlog></logger>
    <listen_host>127.0.0.1</listen_host>
    <http_port>$http</http_port>
    <tcp_port>$tcp</tcp_port>
    <path>$dir/ch$n/data/</path>
    <tmp_path>$dir/ch$n/tmp/</tmp_path>
    <mark_cache_size>5368709</mark_cache_size>
    <max_server_memory_usage>0</max_server_memory_usage>
    <users_config>$dir/ch$n/users.xml</users_config>
    <default_profile>default</default_profile>
    <default_database>default</default_database>
    <remote_servers>
        <netmon_fleet>
            <shard><replica><host>127.0.0.1</host><port>$tcp1</port></replica></shard>
            <shard><replica><host>127.0.0.1</host><port>$tcp2</port></replica></shard>
        </netmon_fleet>
    </remote_servers>
</yandex>
XML
	cat >"$dir/ch$n/users.xml" <<XML
<?xml version="1.0"?>
<yandex>
    <profiles><default><max_memory_usage>1000000000</max_memory_usage></default></profiles>
    <users>
        <default><password></password><networks><ip>127.0.0.1</ip></networks>
            <profile>default</profile><quota>default</quota></default>
        <netmon><password>$CH_PASSWORD</password><networks><ip>127.0.0.1</ip></networks>
            <profile>default</profile><quota>default</quota></netmon>
    </users>
    <quotas><default/></quotas>
</yandex>
XML
}

ch_start() { # N
	local n=$1 port_var="CH_HTTP$1" i
	# Not through ch_exec: $! must be the server (ip execs it), not a shell.
	if [ -n "$CH_NS" ]; then
		ip netns exec "$CH_NS" clickhouse-server --config-file="$CH_DIR/ch$n/config.xml" \
			>>"$CH_DIR/ch$n/stdout.log" 2>&1 &
	else
		clickhouse-server --config-file="$CH_DIR/ch$n/config.xml" >>"$CH_DIR/ch$n/stdout.log" 2>&1 &
	fi
	eval "CH_PID$n=$!"
	for i in $(seq 1 300); do
		if ch_exec curl -sf "http://127.0.0.1:${!port_var}/ping" >/dev/null 2>&1; then
			return 0
		fi
		if ! kill -0 "$(eval echo "\$CH_PID$n")" 2>/dev/null; then
			echo "clickhouse-server $n did not start:" >&2
			tail -5 "$CH_DIR/ch$n/server.err.log" "$CH_DIR/ch$n/stdout.log" >&2
			return 1
		fi
		sleep 0.1
	done
	echo "clickhouse-server $n did not answer on port ${!port_var} within 30 s" >&2
	return 1
}

ch_stop() { # N
	local pid
	pid=$(eval echo "\${CH_PID$1:-}")
	[ -n "$pid" ] || return 0
	kill "$pid" 2>/dev/null || true
	for _ in $(seq 1 100); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	kill -9 "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
	eval "CH_PID$1="
}

ch_stop_all() {
	ch_stop 1
	ch_stop 2
}

ch_query() { # N SQL: the result as TabSeparated on stdout; fails on a server error
	local port_var="CH_HTTP$1"
	ch_exec curl -sS --fail-with-body "http://127.0.0.1:${!port_var}/" --data-binary "$2"
}

ch_script() { # N FILE: each ';'-terminated statement of FILE ('--' comments dropped)
	local stmt
	while IFS= read -r -d ';' stmt; do
		stmt=$(grep -v '^[[:space:]]*--' <<<"$stmt" | sed '/^[[:space:]]*$/d')
		[ -z "$stmt" ] || ch_query "$1" "$stmt" || return 1
	done < <(cat "$2"; echo)
}

ch_start_pair() { # DIR
	CH_DIR=$1
	CH_PASSWORD=${CH_PASSWORD:-netmon-test-pass}
	local base=$((20000 + RANDOM % 20000))
	CH_HTTP1=$base CH_TCP1=$((base + 1)) CH_HTTP2=$((base + 2)) CH_TCP2=$((base + 3))
	ch_config 1 "$CH_DIR" "$CH_HTTP1" "$CH_TCP1" "$CH_TCP1" "$CH_TCP2"
	ch_config 2 "$CH_DIR" "$CH_HTTP2" "$CH_TCP2" "$CH_TCP1" "$CH_TCP2"
	ch_start 1 && ch_start 2
}
