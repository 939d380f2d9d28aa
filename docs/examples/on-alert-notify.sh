#!/bin/sh
# An --on-alert command that needs no jq: the event's fields are in
# NETMON_ALERT_* variables (docs/alerts.md). It appends one line per event
# to a log and, when logger(1) exists, sends starts and ends to syslog.
#   netmon-xdp attach eth0 --alert 'syn per dst host pps > 1000 for 3s' \
#       --on-alert /usr/local/bin/on-alert-notify.sh
log=${NETMON_ALERT_LOG:-/var/log/netmon-alerts.log}
line="$NETMON_ALERT_TIMESTAMP $NETMON_ALERT_STATE: $NETMON_ALERT_NAME"
[ -n "$NETMON_ALERT_KEY" ] && line="$line [$NETMON_ALERT_KEY]"
line="$line $NETMON_ALERT_METRIC $NETMON_ALERT_VALUE (threshold $NETMON_ALERT_THRESHOLD)"
printf '%s\n' "$line" >>"$log"
case $NETMON_ALERT_STATE in
start | end) command -v logger >/dev/null && logger -t netmon-xdp -- "$line" ;;
esac
exit 0
