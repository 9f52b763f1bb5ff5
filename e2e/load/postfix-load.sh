#!/usr/bin/env bash
# Load through a real Postfix, with and without themisd in the path (issue 4, "Through Postfix with
# smtp-source"). A separate command, not part of CI. Run as root from the checkout after building:
#
#   ./mvnw -B -q -DskipTests package
#   e2e/load/postfix-load.sh [-m MESSAGES] [-s SESSIONS] [-l BYTES] [-p POLICIES] [-w WARMUP]
#                            [-r ROUNDS] [--embedded] [--postfix-only] [--null-milter] [--reuse]
#                            [--themisd-config FILE]
#   (-p 0: themisd with no policies at all, to separate the milter conversation's cost from the
#   policies' and Redis' cost; --null-milter: a third pass per round through the cheapest possible
#   milter, e2e/load/nullmilter.c on libmilter, which accepts every message at DATA: what any milter
#   costs Postfix on this machine. Needs gcc and libmilter-dev. --reuse: smtp-source -d, every
#   session sends its messages over one connection, so one milter connection serves many messages,
#   as between MTAs that keep connections open. --themisd-config: a themisd configuration file for
#   the Redis mode, e.g. to compare `milter.threads`; the script's listen address and Redis win.)
#
# It starts, on free 127.0.0.1 ports and in one temporary directory: a redis-server (unless
# --embedded), bin/themisd with POLICIES policies (pushed with bin/tmscli, or a policy file in embedded
# mode), an smtp-sink as the next hop,
# and a private Postfix instance (postfix -c DIR). After a warm-up it runs smtp-source through
# Postfix in two passes, alternated ROUNDS times (default 3) so drift on a shared machine hits both:
#   pass "postfix"  : no milter
#   pass "+themisd" : smtpd_milters = themisd, milter_default_action = tempfail (a milter failure
#                     shows as a deferred message, never as a silent pass)
# and counts outcomes from the maillog. Every process it started is stopped by its PID at exit;
# nothing is killed by name and the machine's own Postfix/Redis are never touched.
# Output: one line per pass (throughput, outcomes, CPU milliseconds per message of the machine,
# themisd, Redis and the null milter), the medians, the throughput loss in percent (goal: under 5%)
# and the same comparison by CPU per message, which a drifting machine disturbs much less.
set -euo pipefail

MESSAGES=5000
SESSIONS=10
SIZE=1024
POLICIES=20
WARMUP=500
ROUNDS=3
EMBEDDED=0
POSTFIX_ONLY=0
NULL_MILTER=0
REUSE=()
THEMISD_CONFIG=""
while [ $# -gt 0 ]; do
  case "$1" in
    -m) MESSAGES="$2"; shift 2 ;;
    -s) SESSIONS="$2"; shift 2 ;;
    -l) SIZE="$2"; shift 2 ;;
    -p) POLICIES="$2"; shift 2 ;;
    -w) WARMUP="$2"; shift 2 ;;
    -r) ROUNDS="$2"; shift 2 ;;
    --embedded) EMBEDDED=1; shift ;;
    --postfix-only) POSTFIX_ONLY=1; shift ;;
    --null-milter) NULL_MILTER=1; shift ;;
    --reuse) REUSE=(-d); shift ;;
    --themisd-config) THEMISD_CONFIG="$(readlink -f "$2")"; shift 2 ;;
    -h|--help) sed -n '2,29p' "$0"; exit 0 ;;
    *) echo "postfix-load.sh: unknown argument \`$1\` (see --help)" >&2; exit 2 ;;
  esac
done

ROOT="$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)"
die() { echo "postfix-load.sh: $*" >&2; exit 1; }
[ "$(id -u)" -eq 0 ] || die "run as root: Postfix daemons need it"
for tool in postfix postconf smtp-source smtp-sink; do
  command -v "$tool" >/dev/null || [ -x "/usr/sbin/$tool" ] || die "\`$tool\` is missing: bash .ci/install-tools"
done
[ "$EMBEDDED" = 1 ] || command -v redis-server >/dev/null || die "redis-server is missing: bash .ci/install-tools"
[ -f "$ROOT/milter/target/themisd.jar" ] || die "build first: ./mvnw -B -q -DskipTests package"
[ -f "$ROOT/tmscli/target/tmscli.jar" ] || die "build first: ./mvnw -B -q -DskipTests package"

WORK="$(mktemp -d /tmp/themis-postfix-load.XXXXXX)"
chmod 755 "$WORK"
PIDS=()
MASTER_PID=""
cleanup() {
  set +e
  if [ -n "$MASTER_PID" ]; then
    postfix -c "$WORK/etc" stop >/dev/null 2>&1
    for _ in $(seq 100); do kill -0 "$MASTER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$MASTER_PID" 2>/dev/null
  fi
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null; done
  if [ "${KEEP:-0}" = 1 ]; then echo "kept $WORK"; else rm -rf --one-file-system "$WORK"; fi
}
trap cleanup EXIT
trap "exit 130" INT TERM

# A loopback port nobody answers on (bash's /dev/tcp: a refused connect means free), below the
# kernel's ephemeral range so no outgoing connection holds it.
free_port() {
  local p
  while :; do
    p=$(( 20000 + RANDOM % 12000 ))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return; fi
  done
}
await_port() {
  for _ in $(seq 600); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.1
  done
  die "nothing listens on 127.0.0.1:$1 ($2)"
}
now() { date +%s.%N; }

SMTP_PORT=$(free_port); SINK_PORT=$(free_port); MILTER_PORT=$(free_port)

# --- next hop: smtp-sink (accepts and drops; no disk writes to measure)
smtp-sink -u nobody "127.0.0.1:$SINK_PORT" 1000 >"$WORK/sink.log" 2>&1 &
PIDS+=($!)
await_port "$SINK_PORT" smtp-sink

# --- Redis and policies
if [ "$POSTFIX_ONLY" = 0 ]; then
THEMISD_ARGS=(--listen "inet:127.0.0.1:$MILTER_PORT")
# The same POLICIES policies in both modes: POLICIES-1 for other sender domains (evaluated, not
# matching) and one that counts every message of the load's sender with a limit it never reaches.
policy_lines() {
  [ "$POLICIES" -gt 0 ] || { echo "# no policies: themisd answers every message with accept (the protocol's cost alone)"; return; }
  for i in $(seq 1 $((POLICIES - 1))); do
    echo "group g$i @dom$i.example"
    echo "policy p$i Source g$i Destination any JailBy Sender JailSpec 100:60 JailAction block Priority $i"
  done
  echo "policy load Source any Destination any JailBy Sender JailSpec 100000000:3600 JailAction block Priority 100"
}
if [ "$EMBEDDED" = 0 ]; then
  REDIS_PORT=$(free_port)
  mkdir -p "$WORK/redis"
  redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --save '' --appendonly no --daemonize no \
    --dir "$WORK/redis" --logfile "$WORK/redis/redis.log" &
  PIDS+=($!); REDIS_PID=$!
  await_port "$REDIS_PORT" redis-server
  REDIS_URL="redis://127.0.0.1:$REDIS_PORT"
  THEMISD_ARGS+=(--redis "$REDIS_URL")
  [ -z "$THEMISD_CONFIG" ] || THEMISD_ARGS+=(--config "$THEMISD_CONFIG")
  policy_lines >"$WORK/load.tms"
  HOME="$WORK" "$ROOT/bin/tmscli" --redis "$REDIS_URL" push "$WORK/load.tms" >/dev/null \
    || die "tmscli push of the load policies failed"
else
  policy_lines >"$WORK/load.tms"
  printf 'store: embedded\npolicies:\n  - %s\n' "$WORK/load.tms" >"$WORK/themisd.yaml"
  THEMISD_ARGS+=(--config "$WORK/themisd.yaml")
fi
env -u THEMIS_CFG -u THEMIS_REDIS HOME="$WORK" "$ROOT/bin/themisd" "${THEMISD_ARGS[@]}" >"$WORK/themisd.log" 2>&1 &
PIDS+=($!); THEMISD_PID=$!
await_port "$MILTER_PORT" themisd
if [ "$NULL_MILTER" = 1 ]; then
  gcc -O2 -o "$WORK/nullmilter" "$ROOT/e2e/load/nullmilter.c" -lmilter -lpthread \
    || die "building the null milter needs gcc and libmilter-dev (apt-get install libmilter-dev)"
  NULL_PORT=$(free_port)
  "$WORK/nullmilter" "inet:$NULL_PORT@127.0.0.1" >"$WORK/nullmilter.log" 2>&1 &
  PIDS+=($!); NULL_PID=$!
  await_port "$NULL_PORT" nullmilter
fi
fi

# --- private Postfix
mkdir -p "$WORK/etc" "$WORK/spool" "$WORK/data"
chown postfix "$WORK/data"
cp /etc/postfix/master.cf "$WORK/etc/master.cf"
cat >"$WORK/etc/main.cf" <<EOF
compatibility_level = 3.6
config_directory = $WORK/etc
queue_directory = $WORK/spool
data_directory = $WORK/data
meta_directory = /etc/postfix
maillog_file_prefixes = $WORK
myhostname = mx-load.example.test
mydestination =
local_recipient_maps =
alias_maps =
alias_database =
inet_protocols = ipv4
inet_interfaces = 127.0.0.1
mynetworks = 127.0.0.0/8
smtp_dns_support_level = disabled
smtpd_peername_lookup = no
relayhost = [127.0.0.1]:$SINK_PORT
smtpd_error_sleep_time = 0
smtpd_client_connection_count_limit = 0
milter_protocol = 6
milter_default_action = tempfail
milter_connect_timeout = 10s
milter_command_timeout = 10s
milter_content_timeout = 30s
EOF
postconf -c "$WORK/etc" -F '*/*/chroot = n'
postconf -c "$WORK/etc" -M# smtp/inet
postconf -c "$WORK/etc" -M "127.0.0.1:$SMTP_PORT/inet = 127.0.0.1:$SMTP_PORT inet n - n - - smtpd"

start_postfix() { # $1 = maillog file, $2 = milter or empty
  postconf -c "$WORK/etc" -e "maillog_file = $1" "smtpd_milters = $2" "non_smtpd_milters = $2"
  postfix -c "$WORK/etc" start >/dev/null 2>&1 || die "postfix did not start; see $1"
  await_port "$SMTP_PORT" postfix
  MASTER_PID=$(tr -d ' ' <"$WORK/spool/pid/master.pid")
}
stop_postfix() {
  postfix -c "$WORK/etc" stop >/dev/null 2>&1
  for _ in $(seq 200); do kill -0 "$MASTER_PID" 2>/dev/null || break; sleep 0.1; done
  MASTER_PID=""
  # The master's smtpd children may hold the listener a moment longer; the next start needs it.
  for _ in $(seq 200); do (exec 3<>"/dev/tcp/127.0.0.1/$SMTP_PORT") 2>/dev/null || return 0; sleep 0.1; done
}
count() { grep -c -- "$2" "$1" 2>/dev/null || true; }

# CPU time in clock ticks (USER_HZ): the whole machine's busy time (everything but idle and iowait)
# and one process' user+system time (0 for no such process).
machine_ticks() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9; exit }' /proc/stat; }
process_ticks() { if [ -n "${1:-}" ] && [ -r "/proc/$1/stat" ]; then awk '{ print $14 + $15 }' "/proc/$1/stat"; else echo 0; fi; }
cpu_snapshot() { echo "$(machine_ticks) $(process_ticks "${THEMISD_PID:-}") $(process_ticks "${REDIS_PID:-}") $(process_ticks "${NULL_PID:-}")"; }

# One smtp-source run; prints "seconds sent rejected deferred errors" after every queued message
# has reached a final state (or 120 s passed), then the CPU milliseconds per message spent from the
# start of the pass until then: by the whole machine, by themisd, by Redis and by the null milter.
# Postfix keeps both cores busy, so throughput follows the machine's CPU per message; that figure
# drifts much less with the machine's speed than the elapsed time does.
run_pass() { # $1 = log, $2 = messages
  local log="$1" n="$2" t0 t1 errs="$1.errors" c0 c1
  c0=$(cpu_snapshot)
  t0=$(now)
  smtp-source -A "${REUSE[@]}" -s "$SESSIONS" -m "$n" -l "$SIZE" -f load@example.org -t rcpt@dest.test \
    "127.0.0.1:$SMTP_PORT" 2>"$errs" || true
  t1=$(now)
  for _ in $(seq 1200); do
    local done_=$(( $(count "$log" 'status=sent') + $(count "$log" 'milter-reject') + $(count "$log" 'status=deferred') ))
    [ "$done_" -ge "$n" ] && break
    sleep 0.1
  done
  c1=$(cpu_snapshot)
  echo "$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }') $(count "$log" 'status=sent') $(count "$log" 'milter-reject') \
$(( $(count "$log" 'status=deferred') + $(count "$log" 'milter-tempfail') )) $(wc -l <"$errs") \
$(awk -v a="$c0" -v b="$c1" -v n="$n" -v hz="$(getconf CLK_TCK)" 'BEGIN { split(a, x); split(b, y)
  for (i = 1; i <= 4; i++) printf "%.3f ", (y[i] - x[i]) * 1000 / hz / n }')"
}

report() { # name seconds sent rejected deferred errors cpu-machine cpu-themisd cpu-redis cpu-null
  printf '%-9s %6d msgs  %6.2f s  %7.1f msg/s  sent=%d rejected=%d deferred=%d client-errors=%d  cpu/msg %.2f ms (themisd %.2f, redis %.2f, null milter %.2f)\n' \
    "$1" "$MESSAGES" "$2" "$(awk -v n="$MESSAGES" -v t="$2" 'BEGIN { print n / t }')" "$3" "$4" "$5" "$6" "$7" "$8" "$9" "${10}"
}

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); $(postconf -d mail_version | cut -d' ' -f3- | sed 's/^/Postfix /')"
echo "load: $MESSAGES messages of $SIZE bytes per pass, $SESSIONS parallel sessions ($([ ${#REUSE[@]} -gt 0 ] && echo "connections reused" || echo "one message per connection")), warm-up $WARMUP, $ROUNDS rounds; themisd: $([ "$POSTFIX_ONLY" = 1 ] && echo none || { [ "$EMBEDDED" = 1 ] && echo embedded || echo "Redis, $POLICIES policies"; })"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

# Warm-up (Postfix process pool, themisd's JIT), not measured.
start_postfix "$WORK/maillog.warm-plain" ""
[ "$WARMUP" -gt 0 ] && run_pass "$WORK/maillog.warm-plain" "$WARMUP" >/dev/null
stop_postfix
if [ "$POSTFIX_ONLY" = 0 ]; then
  start_postfix "$WORK/maillog.warm-themisd" "inet:127.0.0.1:$MILTER_PORT"
  [ "$WARMUP" -gt 0 ] && run_pass "$WORK/maillog.warm-themisd" "$WARMUP" >/dev/null
  stop_postfix
fi

# One measured pass through Postfix with the given milter (or none): reports it and leaves its
# figures in T SENT REJ DEF ERR CPU CT CR CN and its rate in RATE.
measure() { # $1 = name, $2 = maillog suffix, $3 = milter or empty
  start_postfix "$WORK/maillog.$2" "$3"
  read -r T SENT REJ DEF ERR CPU CT CR CN < <(run_pass "$WORK/maillog.$2" "$MESSAGES")
  stop_postfix
  report "$1" "$T" "$SENT" "$REJ" "$DEF" "$ERR" "$CPU" "$CT" "$CR" "$CN"
  RATE=$(awk -v n="$MESSAGES" -v t="$T" 'BEGIN { print n / t }')
}

# Alternate the passes ROUNDS times so that drift on a shared machine hits them alike.
RATES_A=(); RATES_B=(); RATES_C=(); CPU_A=(); CPU_B=(); CPU_C=(); CPU_THEMISD=(); CPU_REDIS=(); LOST_TOTAL=0; DECISIONS=0
for r in $(seq 1 "$ROUNDS"); do
  measure "postfix" "plain.$r" ""
  CPU_A+=("$CPU"); RATES_A+=("$RATE")
  [ "$POSTFIX_ONLY" = 1 ] && continue
  MARK=$(grep -c 'decision qid=' "$WORK/themisd.log" || true)
  measure "+themisd" "themisd.$r" "inet:127.0.0.1:$MILTER_PORT"
  CPU_B+=("$CPU"); CPU_THEMISD+=("$CT"); CPU_REDIS+=("$CR"); RATES_B+=("$RATE")
  LOST_TOTAL=$(( LOST_TOTAL + MESSAGES - SENT ))
  DECISIONS=$(( DECISIONS + $(grep -c 'decision qid=' "$WORK/themisd.log" || true) - MARK ))
  [ "$NULL_MILTER" = 1 ] || continue
  measure "+null" "null.$r" "inet:127.0.0.1:$NULL_PORT"
  CPU_C+=("$CPU"); RATES_C+=("$RATE")
done

median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
MED_A=$(median "${RATES_A[@]}")
printf 'median postfix alone: %.1f msg/s over %d rounds, %.2f ms CPU per message\n' "$MED_A" "$ROUNDS" "$(median "${CPU_A[@]}")"
[ "$POSTFIX_ONLY" = 1 ] && exit 0
MED_B=$(median "${RATES_B[@]}")
printf 'median with themisd:  %.1f msg/s over %d rounds, %.2f ms CPU per message (themisd %.2f, redis %.2f)\n' \
  "$MED_B" "$ROUNDS" "$(median "${CPU_B[@]}")" "$(median "${CPU_THEMISD[@]}")" "$(median "${CPU_REDIS[@]}")"
echo "themisd decision lines in the measured passes: $DECISIONS (of $(( MESSAGES * ROUNDS )) messages)"
printf 'throughput loss with themisd: %.1f%% (goal: under 5%%)\n' "$(awk -v a="$MED_A" -v b="$MED_B" 'BEGIN { print (1 - b / a) * 100 }')"
echo "messages not delivered with themisd: $LOST_TOTAL"
# the same comparison by CPU: with both cores busy, throughput is inversely proportional to it
printf 'CPU per message with themisd against Postfix alone: +%.1f%% (a throughput loss of %.1f%% when CPU-bound)\n' \
  "$(awk -v a="$(median "${CPU_A[@]}")" -v b="$(median "${CPU_B[@]}")" 'BEGIN { print (b / a - 1) * 100 }')" \
  "$(awk -v a="$(median "${CPU_A[@]}")" -v b="$(median "${CPU_B[@]}")" 'BEGIN { print (1 - a / b) * 100 }')"
if [ "$NULL_MILTER" = 1 ]; then
  MED_C=$(median "${RATES_C[@]}")
  printf 'median with the null milter: %.1f msg/s (loss %.1f%%: what any milter costs here)\n' "$MED_C" \
    "$(awk -v a="$MED_A" -v c="$MED_C" 'BEGIN { print (1 - c / a) * 100 }')"
  printf 'themisd against the null milter: %.1f%% slower\n' "$(awk -v b="$MED_B" -v c="$MED_C" 'BEGIN { print (1 - b / c) * 100 }')"
  printf 'CPU per message with the null milter: %.2f ms (+%.1f%% against Postfix alone)\n' "$(median "${CPU_C[@]}")" \
    "$(awk -v a="$(median "${CPU_A[@]}")" -v c="$(median "${CPU_C[@]}")" 'BEGIN { print (c / a - 1) * 100 }')"
fi
