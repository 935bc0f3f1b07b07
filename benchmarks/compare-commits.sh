#!/usr/bin/env bash
#
# Compares two git revisions on the same machine in one run: the Java -> Java part of the cluster
# benchmark (BenchmarkRunner, pairs=java-java) with CPU per call read from /proc, local calls/s,
# and the JMH local call / local emit with allocation per operation (-prof gc).
#
# Each revision gets its own git worktree under a temp dir and its own benchmarks jar
# (./mvnw package, nothing installed). The rounds alternate the revisions, A B, B A, A B ...,
# so that what else the machine does hits both alike; the table shows medians over the rounds
# and the ratio B / A. See docs/benchmarks.md, "Comparing two commits".
#
# Usage: benchmarks/compare-commits.sh [options] [A [B]]     (default A = 102f846, B = HEAD)
#
set -euo pipefail
export LC_NUMERIC=C

usage() {
	cat <<'EOF'
Usage: benchmarks/compare-commits.sh [options] [A [B]]

Compares revision A (default 102f846, the commit before issue 13's refactor) with revision B
(default HEAD of this checkout; committed code only) and prints a markdown table.

Options:
  --rounds N        rounds; each runs A and B once, in alternating order (default 5)
  --warmup S        cluster warm-up seconds per measurement (default 3)
  --duration S      cluster measured seconds per measurement (default 5)
  --sizes LIST      params sizes (default 64,4096)
  --inflights LIST  calls in flight (default 1,16,128)
  --pairs LIST      runner pairs (default java-java; add raw as a control that our code does not touch)
  --parts LIST      runner parts (default calls,local; events also works)
  --jmh REGEX       JMH benchmarks (default 'LocalCallBenchmark\.local(Call|Emit)$')
  --jmh-args ARGS   JMH options (default '-f 1 -wi 3 -w 1 -i 5 -r 1')
  --no-jmh          skip JMH
  --no-cluster      skip the runner (JMH only)
  --quick           a few-minute check: 3 rounds, warm-up 2 s, 2 s windows, JMH '-f 1 -wi 2 -w 1 -i 3 -r 1'
  --workdir DIR     worktrees, jars and raw results go here and are kept (reused when the
                    revision matches, so a second run skips the builds); default: a temp dir,
                    worktrees removed at the end
  --offline         pass -o to Maven
  --out FILE        also write the table to FILE
  -h, --help        this text

A full run (defaults) takes about 20-25 minutes on 2 cores, the --quick one 8-10.
EOF
}

A=102f846
B=HEAD
ROUNDS=5
WARMUP=3
DURATION=5
SIZES=64,4096
INFLIGHTS=1,16,128
PAIRS=java-java
PARTS=calls,local
JMH_REGEX='LocalCallBenchmark\.local(Call|Emit)$'
JMH_ARGS='-f 1 -wi 3 -w 1 -i 5 -r 1'
JMH=1
CLUSTER=1
WORKDIR=
MVN_OFFLINE=
OUT=
positional=()
while (($#)); do
	case $1 in
		--rounds) ROUNDS=$2; shift ;;
		--warmup) WARMUP=$2; shift ;;
		--duration) DURATION=$2; shift ;;
		--sizes) SIZES=$2; shift ;;
		--inflights) INFLIGHTS=$2; shift ;;
		--pairs) PAIRS=$2; shift ;;
		--parts) PARTS=$2; shift ;;
		--jmh) JMH_REGEX=$2; shift ;;
		--jmh-args) JMH_ARGS=$2; shift ;;
		--no-jmh) JMH=0 ;;
		--no-cluster) CLUSTER=0 ;;
		--quick) ROUNDS=3; WARMUP=2; DURATION=2; JMH_ARGS='-f 1 -wi 2 -w 1 -i 3 -r 1' ;;
		--workdir) WORKDIR=$2; shift ;;
		--offline) MVN_OFFLINE=-o ;;
		--out) OUT=$2; shift ;;
		-h|--help) usage; exit 0 ;;
		-*) echo "Unknown option $1" >&2; usage >&2; exit 2 ;;
		*) positional+=("$1") ;;
	esac
	shift
done
((${#positional[@]} > 0)) && A=${positional[0]}
((${#positional[@]} > 1)) && B=${positional[1]}
((${#positional[@]} > 2)) && { usage >&2; exit 2; }

ROOT=$(git -C "$(dirname "$0")" rev-parse --show-toplevel)
SHA_A=$(git -C "$ROOT" rev-parse --verify "$A^{commit}")
SHA_B=$(git -C "$ROOT" rev-parse --verify "$B^{commit}")
NAME_A="$A ($(git -C "$ROOT" rev-parse --short "$SHA_A"))"
NAME_B="$B ($(git -C "$ROOT" rev-parse --short "$SHA_B"))"
[[ $A == "$(git -C "$ROOT" rev-parse --short "$SHA_A")" ]] && NAME_A=$A
[[ $B == "$(git -C "$ROOT" rev-parse --short "$SHA_B")" ]] && NAME_B=$B
CLK_TCK=$(getconf CLK_TCK)

KEEP=1
if [[ -z $WORKDIR ]]; then
	WORKDIR=$(mktemp -d "${TMPDIR:-/tmp}/compare-commits.XXXXXX")
	KEEP=0
fi
mkdir -p "$WORKDIR"
WORKDIR=$(cd "$WORKDIR" && pwd)
RESULTS=$WORKDIR/results-$(date -u +%Y%m%dT%H%M%S)
mkdir -p "$RESULTS"

log() {
	printf '[%s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2
}

SAMPLER=
RUNNER=
cleanup() {
	[[ -n $SAMPLER ]] && kill "$SAMPLER" 2>/dev/null || true
	if [[ -n $RUNNER ]]; then
		pkill -P "$RUNNER" 2>/dev/null || true
		kill "$RUNNER" 2>/dev/null || true
	fi
	if ((KEEP == 0)); then
		for side in a b; do
			[[ -d $WORKDIR/$side ]] && git -C "$ROOT" worktree remove --force "$WORKDIR/$side" 2>/dev/null || true
		done
		log "raw results kept in $RESULTS"
	fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# One worktree and one benchmarks jar per revision.
prepare() {
	local side=$1 sha=$2 dir=$WORKDIR/$1
	local modules=benchmarks jars=("$dir/benchmarks/target/benchmarks.jar")
	if [[ $PAIRS == *spring* ]]; then
		modules=benchmarks,benchmarks-spring-app
		jars+=("$dir/benchmarks-spring-app/target/benchmarks-spring-app.jar")
	fi
	if [[ -d $dir ]] && [[ $(git -C "$dir" rev-parse HEAD 2>/dev/null) == "$sha" ]] && all_files "${jars[@]}"; then
		log "$side: reusing $dir"
		return
	fi
	if [[ -d $dir ]]; then
		git -C "$ROOT" worktree remove --force "$dir"
	fi
	git -C "$ROOT" worktree add --detach --quiet "$dir" "$sha"
	log "$side: building $modules of $(git -C "$dir" log -1 --format='%h %s' | cut -c1-70)"
	local start=$SECONDS
	(cd "$dir" && ./mvnw -B -ntp -q $MVN_OFFLINE -pl "$modules" -am package -DskipTests) >"$RESULTS/build-$side.log" 2>&1 || {
		tail -30 "$RESULTS/build-$side.log" >&2
		log "$side: build failed (log: $RESULTS/build-$side.log)"
		exit 1
	}
	if ! all_files "${jars[@]}"; then
		log "$side: $sha has no ${jars[-1]##*/} (the Spring pairs need a revision with benchmarks-spring-app)"
		exit 1
	fi
	log "$side: built in $((SECONDS - start)) s"
}

all_files() {
	local file
	for file in "$@"; do [[ -f $file ]] || return 1; done
}

# The Moleculer.js node's packages: copied from another checkout with the same lock file when
# there is one, so the runner's npm ci does not have to download them again.
node_modules() {
	local dir=$WORKDIR/$1/benchmarks/js source
	[[ -d $dir/node_modules ]] && return
	for source in "$ROOT" "$WORKDIR/a" "$WORKDIR/b"; do
		if [[ -d $source/benchmarks/js/node_modules ]] && cmp -s "$source/benchmarks/js/package-lock.json" "$dir/package-lock.json"; then
			cp -a "$source/benchmarks/js/node_modules" "$dir/"
			return
		fi
	done
}

# Every 0.2 s, the CPU ticks (user + system) of the runner's benchmark processes, one line per
# process: time, pid, ticks, ticks of its JIT compiler threads, kind (java, raw, js), mode,
# namespace, size, in flight. The JIT's ticks are left out of CPU per call: with short windows
# after a fresh JVM start they would measure how long compilation takes, not the call path.
sample_cpu() {
	local runner=$1 pid stat tstat rest arg cmd kind mode ns size inflight task tid comm jit
	local -a fields words
	local -A desc compiler
	while kill -0 "$runner" 2>/dev/null; do
		for pid in $(pgrep -P "$runner" || true); do
			if [[ -z ${desc[$pid]:-} ]]; then
				cmd=$(tr "\0" " " 2>/dev/null <"/proc/$pid/cmdline") || continue
				case $cmd in
					*benchmarks.RawNats*) kind=raw ;;
					*benchmarks.JavaNodes*) kind=java ;;
					*bench-node.js*) kind=js ;;
					*benchmarks-spring-app.jar*) kind=spring ;;
					*) desc[$pid]=skip; continue ;;
				esac
				mode=- ns=- size=- inflight=-
				read -ra words <<<"$cmd"
				for arg in "${words[@]}"; do
					case $arg in
						mode=*) mode=${arg#mode=} ;;
						namespace=*) ns=${arg#namespace=} ;;
						size=*) size=${arg#size=} ;;
						inflight=*) inflight=${arg#inflight=} ;;
						# The Spring Boot app takes them as properties (BenchmarkRunner.springArguments).
						--moleculer.node-id=spring-*) mode=${arg#--moleculer.node-id=spring-} ;;
						--moleculer.namespace=*) ns=${arg#--moleculer.namespace=} ;;
						--bench.size=*) size=${arg#--bench.size=} ;;
						--bench.inflight=*) inflight=${arg#--bench.inflight=} ;;
						# Variants of a pair (a record echo, a timeout) are not told apart here: no CPU column for them.
						--bench.action=*Record*|--bench.timeout=[1-9]*) kind=skip ;;
					esac
				done
				[[ $kind == skip ]] && { desc[$pid]=skip; continue; }
				desc[$pid]="$kind $mode $ns $size $inflight"
			fi
			[[ ${desc[$pid]} == skip ]] && continue
			read -r stat 2>/dev/null <"/proc/$pid/stat" || continue
			rest=${stat##*) }
			read -ra fields <<<"$rest"
			jit=0
			if [[ ${desc[$pid]} != js* ]]; then
				for task in "/proc/$pid/task/"*; do
					tid=${task##*/}
					if [[ -z ${compiler[$tid]:-} ]]; then
						read -r comm 2>/dev/null <"$task/comm" || continue
						[[ $comm == C[12]\ CompilerThre* ]] && compiler[$tid]=1 || compiler[$tid]=0
					fi
					((compiler[$tid])) || continue
					read -r tstat 2>/dev/null <"$task/stat" || continue
					read -ra words <<<"${tstat##*) }"
					jit=$((jit + words[11] + words[12]))
				done
			fi
			printf '%s %s %s %s %s\n' "$EPOCHREALTIME" "$pid" "$((fields[11] + fields[12]))" "$jit" "${desc[$pid]}"
		done
		sleep 0.2
	done
}

# One runner invocation (repeats=1) of one revision; appends records to records.tsv.
run_cluster() {
	local side=$1 round=$2 dir=$WORKDIR/$1 base=$RESULTS/$1-$2
	(cd "$dir" && exec java -cp benchmarks/target/benchmarks.jar io.github.moleculerspring.benchmarks.BenchmarkRunner \
		"pairs=$PAIRS" "sizes=$SIZES" "inflights=$INFLIGHTS" "parts=$PARTS" repeats=1 \
		"javaCp=$dir/benchmarks/target/benchmarks.jar" "springJar=$dir/benchmarks-spring-app/target/benchmarks-spring-app.jar" \
		"warmup=$WARMUP" "duration=$DURATION" "out=$base.md") >"$base.out" 2>"$base.log" &
	RUNNER=$!
	sample_cpu "$RUNNER" >"$base.cpu" &
	SAMPLER=$!
	local status=0
	wait "$RUNNER" || status=$?
	RUNNER=
	wait "$SAMPLER" 2>/dev/null || true
	SAMPLER=
	if ((status != 0)); then
		log "$side round $round: runner failed ($status), see $base.log"
		tail -5 "$base.log" >&2
	fi
	grep -a 'errors ' "$base.log" >&2 || true
	# CPU without the JIT per driving process (caller, emitter, local) and its responder over the
	# last measured seconds: the window ends when the caller has reported (it then closes and
	# exits, so the last half second before its exit is left out) and starts one window length
	# before its last sample.
	awk -v dur="$DURATION" -v tck="$CLK_TCK" '
		{ p = $2; i = ++n[p]; T[p, i] = $1; K[p, i] = $3 - $4; kind[p] = $5; mode[p] = $6; ns[p] = $7; size[p] = $8; infl[p] = $9 }
		function rate(p, lo, hi,   i, a, b) {
			a = 0; b = 0
			for (i = 1; i <= n[p]; i++) { if (!a && T[p, i] >= lo) a = i; if (T[p, i] <= hi) b = i }
			if (!a || b <= a || T[p, b] - T[p, a] < 0.4) return -1
			return (K[p, b] - K[p, a]) / tck / (T[p, b] - T[p, a])
		}
		function name(k) { return k == "java" ? "Java" : (k == "js" ? "Moleculer.js" : (k == "spring" ? "Spring" : "raw")) }
		END {
			for (p in mode) {
				if (mode[p] != "caller" && mode[p] != "emitter" && mode[p] != "local") continue
				last = T[p, n[p]]; hi = last - 0.5; lo = last - dur
				if (hi - lo < 1) lo = hi - 1
				c = rate(p, lo, hi); r = 0; rk = ""
				if (mode[p] != "local") {
					for (q in mode) if (q != p && ns[q] == ns[p]) { r = rate(q, lo, hi); rk = kind[q] }
					if (rk == "") r = -1
				}
				if (c < 0 || r < 0) continue
				if (mode[p] == "local") key = "local|" name(kind[p])
				else if (mode[p] == "emitter") key = "events|" name(kind[p])
				else if (kind[p] == "raw") key = "call|raw jnats|" size[p] "|" infl[p]
				else key = "call|" name(kind[p]) " → " name(rk) "|" size[p] "|" infl[p]
				printf "%s\t%.6f\t%.6f\n", key, c, r
			}
		}' "$base.cpu" >"$base.cpurate"
	# The runner's progress lines: "[repeat 1] Java → Java  64 B  16 in flight:  39189 req/s  p50 ..."
	# (the arrow may print as "?" in a non-UTF-8 locale, so the pair is read from its words).
	awk -v side="$side" -v round="$round" -F'\t' '
		FILENAME == ARGV[1] { cpu[$1] = $2 + $3; next }
		{
			line = $0; nf = split(line, f, " ")
			if (f[1] != "[repeat") next
			key = ""
			for (i = 1; i < nf; i++) if (f[i] == "in" && f[i + 1] == "flight:") break
			if (i < nf) {
				# The pair is the words before the size: "Java → Java", or "Spring → Spring, record" (kept whole,
				# so a variant never takes the CPU of the plain pair).
				pair = f[3]
				for (j = 4; j <= i - 4; j++) pair = pair " " ((j == 4 && f[3] != "raw") ? "→" : f[j])
				key = "call|" pair "|" f[i - 3] "|" f[i - 1]; value = f[i + 2]
			}
			else if (f[3] == "local" || f[3] == "events") { key = f[3] "|" f[4]; value = f[5] }
			if (key == "") next
			extra = (key in cpu && value > 0) ? sprintf("%.3f", cpu[key] * 1e6 / value) : ""
			printf "%s\t%s\t%s\t%s\t%s\n", side, round, key, value, extra
		}' "$base.cpurate" "$base.log" >>"$RESULTS/records.tsv"
}

# One JMH invocation of one revision: ops/s and allocated bytes per operation.
run_jmh() {
	local side=$1 round=$2 dir=$WORKDIR/$1 base=$RESULTS/$1-$2
	# shellcheck disable=SC2086
	if ! (cd "$dir" && java -Duser.language=en -Duser.country=US -jar benchmarks/target/benchmarks.jar "$JMH_REGEX" \
		-prof gc $JMH_ARGS -rf csv -rff "$base.jmh.csv") >"$base.jmh.log" 2>&1; then
		log "$side round $round: JMH failed, see $base.jmh.log"
		tail -5 "$base.jmh.log" >&2
		return
	fi
	awk -v side="$side" -v round="$round" -F',' '
		NR == 1 { next }
		{
			gsub(/"/, ""); name = $1; metric = ""
			if (index(name, ":")) { metric = substr(name, index(name, ":") + 1); name = substr(name, 1, index(name, ":") - 1) }
			sub(/^.*\./, "", name)
			if (metric == "") { order[++n] = name; score[name] = $5 }
			else if (metric ~ /gc\.alloc\.rate\.norm$/) alloc[name] = $5
		}
		END { for (i = 1; i <= n; i++) printf "%s\t%s\tjmh|%s\t%s\t%s\n", side, round, order[i], score[order[i]], alloc[order[i]] }
	' "$base.jmh.csv" >>"$RESULTS/records.tsv"
}

# The table: one row per measurement, the medians of A and B with their spread (half the range
# over the rounds, in % of the median), B / A, and the same for CPU per call or bytes per op.
table() {
	awk -F'\t' -v na="$NAME_A" -v nb="$NAME_B" '
		function med(list,   a, m, i, j, t) {
			m = split(list, a, " ")
			for (i = 2; i <= m; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] + 0 > t + 0; j--) a[j + 1] = a[j]; a[j + 1] = t }
			lo = a[1]; hi = a[m]
			return (m % 2) ? a[(m + 1) / 2] : (a[m / 2] + a[m / 2 + 1]) / 2
		}
		function cell(list, digits,   m, s) {
			if (list == "") return "–"
			m = med(list)
			s = (m > 0) ? 50 * (hi - lo) / m : 0
			if (!digits) return sprintf("%s ±%.0f %%", commas(m), s)
			return sprintf((m < 10) ? "%.2f ±%.0f %%" : "%.1f ±%.0f %%", m, s)
		}
		function commas(x,   s, r) {
			s = sprintf("%.0f", x); r = ""
			while (length(s) > 3) { r = "," substr(s, length(s) - 2) r; s = substr(s, 1, length(s) - 3) }
			return s r
		}
		function ratio(la, lb,   ma, mb) {
			if (la == "" || lb == "") return "–"
			ma = med(la); mb = med(lb)
			return (ma > 0) ? sprintf("%.2f", mb / ma) : "–"
		}
		function label(key,   k) {
			split(key, k, "|")
			if (k[1] == "call") return k[2] " " ((k[3] >= 1024) ? (k[3] / 1024) " KiB" : k[3] " B") ", " k[4] " in flight (req/s)"
			if (k[1] == "local") return "local calls/s, " k[2] ((k[2] == "Java") ? "" : " (control: not our code)")
			if (k[1] == "events") return "balanced events/s, " k[2]
			if (k[1] == "jmh") return "JMH " k[2] " (ops/s)"
			return key
		}
		!(($3) in seen) { seen[$3] = 1; keys[++n] = $3 }
		{ v[$1, $3] = v[$1, $3] " " $4; if ($5 != "") x[$1, $3] = x[$1, $3] " " $5; c[$1, $3]++ }
		END {
			printf "| measurement | A: %s | B: %s | B / A | CPU µs/call or B/op, A | B | B / A |\n", na, nb
			print "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
			for (i = 1; i <= n; i++) {
				k = keys[i]
				unit = (k ~ /^jmh/) ? " B/op" : " µs"
				xa = x["a", k]; xb = x["b", k]
				printf "| %s | %s | %s | %s | %s | %s | %s |\n", label(k), cell(v["a", k], 0), cell(v["b", k], 0), ratio(v["a", k], v["b", k]),
					(xa == "") ? "–" : cell(xa, 1) unit, (xb == "") ? "–" : cell(xb, 1) unit, ratio(xa, xb)
			}
		}' "$RESULTS/records.tsv"
}

log "A = $NAME_A $SHA_A"
log "B = $NAME_B $SHA_B"
log "work dir $WORKDIR, results in $RESULTS"
start_all=$SECONDS
prepare a "$SHA_A"
prepare b "$SHA_B"
node_modules a
node_modules b
: >"$RESULTS/records.tsv"
loads=()
round_start=$SECONDS
for ((round = 1; round <= ROUNDS; round++)); do
	if ((round % 2)); then order="a b"; else order="b a"; fi
	for side in $order; do
		loads+=("$(cut -d' ' -f1 /proc/loadavg)")
		log "round $round/$ROUNDS: $side (load ${loads[-1]})"
		((CLUSTER)) && run_cluster "$side" "$round"
		((JMH)) && run_jmh "$side" "$round"
	done
	if ((round == 1 && ROUNDS > 1)); then
		log "one round took $((SECONDS - round_start)) s; about $(((SECONDS - round_start) * (ROUNDS - 1) / 60 + 1)) min to go"
	fi
done
loads+=("$(cut -d' ' -f1 /proc/loadavg)")
elapsed=$((SECONDS - start_all))

load_range=$(printf '%s\n' "${loads[@]}" | sort -n | sed -n '1p;$p' | paste -sd'-')
{
	echo "Compared $(date -u '+%Y-%m-%d %H:%M') UTC on $(nproc) cores, Java $(java -version 2>&1 | awk -F'"' 'NR == 1 { print $2 }'),"
	echo "A = $NAME_A, B = $NAME_B; $ROUNDS rounds (A B, B A, ...), cluster warm-up ${WARMUP} s and ${DURATION} s windows"
	echo "(pairs=$PAIRS sizes=$SIZES inflights=$INFLIGHTS parts=$PARTS), JMH '$JMH_ARGS -prof gc';"
	echo "load average (1 min) $load_range at the start of each step; took $((elapsed / 60)) min $((elapsed % 60)) s."
	echo "Medians over the rounds, ±half the range. CPU per call is the caller's and the responder's CPU"
	echo "(user + system from /proc, JIT compiler threads left out) over the measured window divided by the"
	echo "calls; JMH B/op is gc.alloc.rate.norm."
	echo
	table
} | tee "$RESULTS/summary.md"
[[ -n $OUT ]] && cp "$RESULTS/summary.md" "$OUT"
exit 0
