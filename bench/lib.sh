# Shared by the bench/ scripts: the machine header, ratios, and the median-with-spread summary.
# shellcheck shell=bash
JAVA17=${JAVA17:-/usr/lib/jvm/java-17-openjdk-amd64/bin/java}
JAVA25=${JAVA25:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
AGENT=${AGENT:-agent/target/uds-agent.jar}
UDS_TRACE=${UDS_TRACE:-ebpf-sidecar/uds-trace}
BENCH_CP=${BENCH_CP:-bench/target/classes}

# Every script's raw output also lands in bench/results/ (git-ignored); bench/all keeps its own files and sets this.
if [ -z "${BENCH_RESULTS:-}" ]; then
  export BENCH_RESULTS=bench/results/$(basename "$0")-$(date -u +%Y%m%d-%H%M%S).txt
  mkdir -p bench/results
  exec > >(tee -a "$BENCH_RESULTS") 2>&1
  echo "raw output: $BENCH_RESULTS"
fi

machine_header() { # prints what the figures were measured on
  echo "date:    $(date -u '+%Y-%m-%d %H:%M:%S UTC'); load average $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')), kernel $(uname -r)"
  local java
  for java in "$@"; do
    echo "jdk:     $java: $("$java" -version 2>&1 | head -2 | tail -1)"
  done
}

# native_access JAVA: the flag the README advises for the agent on JDK 24+ (its JNI library: exact connection ids and
# the idle-priority export thread), for every run on such a JDK, traced or not, so both sides get the same JVM flags
native_access() {
  local feature
  feature=$("$1" -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.specification.version/ { print $2 }')
  [ "${feature%%.*}" -ge 24 ] 2>/dev/null && echo "--enable-native-access=ALL-UNNAMED" || true
}

ratio() { awk -v a="${1:-}" -v b="${2:-}" 'BEGIN { if (a == "" || b == "" || a == "-" || b == "-" || b == 0) print "nan"; else printf "%.3f", a / b }'; }

# summarize NAME VALUES...: the median and the spread of a list of figures
summarize() {
  local name=$1; shift
  printf '%s\n' "$@" | { grep -v -e '^$' -e nan || true; } | sort -g | awk -v name="$name" '
    { a[NR] = $1 }
    END { if (NR == 0) { printf "%-34s no figures\n", name; exit }
          m = (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2
          printf "%-34s median %8.3f   (min %.3f, max %.3f, %d rounds)\n", name, m, a[1], a[NR], NR }'
}

# median VALUES...: just the median
median() {
  printf '%s\n' "$@" | { grep -v -e '^$' -e nan || true; } | sort -g | awk '{ a[NR] = $1 } END { if (NR) print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}

# Starts uds-trace in the background with the given flags; sets SIDECAR_PID and SIDECAR_LOG once it captures.
# SIDECAR_LAUNCHER runs another build instead of $UDS_TRACE (the B side of an A/B comparison); SIDECAR_ENV=(NAME=VALUE ...)
# adds to its environment (OTLP_ENV: spans exported to the sink).
start_sidecar() {
  SIDECAR_LOG=$(mktemp /tmp/uds-bench-sidecar.XXXXXX)
  env "${SIDECAR_ENV[@]}" "${SIDECAR_LAUNCHER:-$UDS_TRACE}" "$@" >/dev/null 2>"$SIDECAR_LOG" &
  SIDECAR_PID=$!
  local i
  for ((i = 0; i < 300; i++)); do
    grep -q '^uds-trace: capturing ' "$SIDECAR_LOG" && return 0 # not the note that says "capturing anyway"
    kill -0 "$SIDECAR_PID" 2>/dev/null || { cat "$SIDECAR_LOG" >&2; return 1; }
    sleep 0.1
  done
  echo "uds-trace did not start:" >&2; cat "$SIDECAR_LOG" >&2; return 1
}

# Stops the sidecar with SIGTERM and waits for its summary (call it in the shell that started it, not in $(...));
# SIDECAR_KEEP=FILE keeps a copy of its stderr. Sets SIDECAR_KERNEL_DROPS, SIDECAR_USER_DROPS and SIDECAR_MESSAGES from the summary.
stop_sidecar() {
  kill -TERM "$SIDECAR_PID" 2>/dev/null || true
  local i
  for ((i = 0; i < 200 && $(kill -0 "$SIDECAR_PID" 2>/dev/null && echo 1 || echo 0); i++)); do sleep 0.1; done
  if kill -0 "$SIDECAR_PID" 2>/dev/null; then
    echo "uds-trace did not exit within 20 s of SIGTERM: killed (its stderr follows)" >&2
    tail -5 "$SIDECAR_LOG" >&2
    kill -KILL "$SIDECAR_PID" 2>/dev/null || true
  fi
  wait "$SIDECAR_PID" 2>/dev/null || true
  read -r SIDECAR_KERNEL_DROPS SIDECAR_USER_DROPS < <(sed -n 's/^\([0-9]*\) events dropped by the kernel.*, \([0-9]*\) dropped in user space.*/\1 \2/p' "$SIDECAR_LOG" | tail -1) || true
  SIDECAR_MESSAGES=$(sed -n 's/^\([0-9]*\) messages, .*captured$/\1/p' "$SIDECAR_LOG" | tail -1)
  SIDECAR_SDK_DROPS=$(sed -n "s/.* \([0-9]*\) dropped or pending in the SDK's queue.*/\1/p" "$SIDECAR_LOG" | tail -1)
  SIDECAR_SDK_SHED=$(sed -n "s/.* \([0-9]*\) exchanges shed for room in the SDK's queue.*/\1/p" "$SIDECAR_LOG" | tail -1)
  SIDECAR_CPU_SHED=$(sed -n "s/^uds-trace: \([0-9]*\) exchanges counted in the metrics but not exported as spans.*/\1/p" "$SIDECAR_LOG" | tail -1)
  [ -n "$SIDECAR_KERNEL_DROPS" ] || { echo "uds-trace printed no summary:" >&2; cat "$SIDECAR_LOG" >&2; }
  [ -z "${SIDECAR_KEEP:-}" ] || cp "$SIDECAR_LOG" "$SIDECAR_KEEP"
  rm -f "$SIDECAR_LOG"
}

# core_share TICKS WALL_NANOS: CPU clock ticks over a wall time, as a percentage of one core
core_share() { awk -v t="$1" -v w="$2" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.0f", (w > 0 ? t / hz / (w / 1e9) * 100 : 0) }'; }

# rss_kb PID and cpu_ticks PID (utime + stime, in clock ticks)
rss_kb() { awk '/^VmRSS/ { print $2 }' "/proc/$1/status" 2>/dev/null; }
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null; }

# A fresh cgroup v2 directory for one load generator, so uds-trace --cgroup filters in the kernel and the
# neighbours' traffic neither costs nor fills the ring buffer. Sets BENCH_CGROUP (empty when none is writable).
make_cgroup() {
  BENCH_CGROUP=""
  local h
  for h in /sys/fs/cgroup/unified /sys/fs/cgroup; do
    if [ -w "$h/cgroup.procs" ] && mkdir "$h/uds-bench-$$" 2>/dev/null; then
      BENCH_CGROUP="$h/uds-bench-$$"
      IN_CGROUP=(sh -c 'echo $$ > "$0/cgroup.procs" && exec "$@"' "$BENCH_CGROUP")
      return 0
    fi
  done
}
# "${IN_CGROUP[@]}" COMMAND...: runs the command inside BENCH_CGROUP (when there is one) as the same process, so $!
# of a background "${IN_CGROUP[@]}" java ... & is the JVM's pid.
IN_CGROUP=()
SIDECAR_ENV=()
remove_cgroup() { [ -z "${BENCH_CGROUP:-}" ] || rmdir "$BENCH_CGROUP" 2>/dev/null || true; }

# Starts bench/otlp-sink.py, an OTLP/HTTP receiver in a process of its own, on a free port; sets SINK_PID and
# OTLP_ENV (the environment of a run that exports to it: traces, and the agent's metrics, over OTLP/HTTP).
start_sink() {
  local port=$((20000 + RANDOM % 30000))
  python3 bench/otlp-sink.py "$port" 2>/dev/null &
  SINK_PID=$!
  SINK_URL="http://127.0.0.1:$port"
  OTLP_ENV=(OTEL_TRACES_EXPORTER=otlp OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf OTEL_EXPORTER_OTLP_ENDPOINT="$SINK_URL")
  local i
  for ((i = 0; i < 50; i++)); do curl -sf "$SINK_URL/counts" >/dev/null && return 0; sleep 0.1; done
  echo "bench/otlp-sink.py did not start on port $port" >&2; return 1
}
stop_sink() { kill "$SINK_PID" 2>/dev/null || true; }
# sink_spans: spans the sink has received so far (take it before and after a run: the difference is the run's)
sink_spans() { curl -s "$SINK_URL/counts" | awk '{ print $2 }'; }

# agent_losses STDERR-FILE: "sdk_dropped queue_dropped shed room_shed failed busy" from the agent's exit line (printed
# only when something was lost, so no line means zeros): spans the SDK's batch queue dropped (or still held after the
# 3 s flush), events the agent's queue dropped, exchanges shed over its export.cpu budget, exchanges shed for room in
# the SDK's queue, spans the exporter failed to send, and "busy" when the export thread had not caught up at exit
# (the events it had not taken are lost and not counted), else "-"
agent_losses() {
  local line
  line=$(grep 'at exit:' "$1" | tail -1)
  [ -n "$line" ] || { echo "0 0 0 0 0 -"; return; }
  awk -v l="$line" 'BEGIN {
      n = split(l, w, /[ ,;]+/)
      for (i = 2; i <= n; i++) {
        if (w[i] == "dropped" && w[i + 1] == "or") sdk = w[i - 1]
        if (w[i] == "events" && w[i + 1] == "dropped") q = w[i - 1]
        if (w[i] == "exchanges" && w[i + 1] == "shed" && w[i + 2] == "over") s = w[i - 1]
        if (w[i] == "exchanges" && w[i + 1] == "shed" && w[i + 2] == "for") r = w[i - 1]
        if (w[i] == "failed" && w[i + 1] == "to") f = w[i - 1]
      }
      printf "%d %d %d %d %d %s\n", sdk, q, s, r, f, (l ~ /still busy/) ? "busy" : "-" }'
}

# thread_cpu PID: CPU seconds of the process's threads, grouped: "total agent sdk jit gc" where agent is the
# uds-agent-* threads (the export thread builds the spans), sdk the OpenTelemetry SDK's own (batch processor, metric
# reader, the OTLP exporter's HTTP client), jit the compilers and gc the collector's. The rest is the application's
# threads, the advice included. Reads /proc, so call it while the process runs.
thread_cpu() {
  local hz
  hz=$(getconf CLK_TCK)
  for stat in /proc/"$1"/task/*/stat; do cat "$stat" 2>/dev/null || true; done | awk -v hz="$hz" '
    { name = $0; sub(/^[0-9]+ \(/, "", name); sub(/\) .*/, "", name)
      rest = $0; sub(/^.*\) /, "", rest); split(rest, f, " ")
      t = (f[12] + f[13]) / hz; total += t
      if (name ~ /^uds-agent/) agent += t
      else if (name ~ /BatchSpanProcessor|PeriodicMetricReader|OkHttp|okhttp/) sdk += t
      else if (name ~ /Compiler/) jit += t
      else if (name ~ /^(GC |G1 |VM Thread)/) gc += t }
    END { printf "%.2f %.2f %.2f %.2f %.2f\n", total, agent, sdk, jit, gc }'
}
