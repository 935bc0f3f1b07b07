#!/usr/bin/env bash
# Runs the sample shop as a cluster on this machine (see docs/sample-shop.md):
#   - nats-server on NATS_PORT (4222), unless one already listens there
#   - the jar, built once (./mvnw package, tests skipped)
#   - three Spring Boot nodes with the 'nats' profile, each running part of the shop:
#       gateway-users           gateway,users            http://localhost:8080 (the API)
#       orders-inventory        orders,inventory         http://localhost:8081 (actuator only)
#       payments-notifications  payments,notifications   http://localhost:8082 (actuator only)
#   - the Moleculer.js shipping service (shipping-js), when node and npm are installed
# Ctrl-C stops everything this script started.
#
# Environment: NATS_PORT (4222), HTTP_PORT (8080; the other nodes use the next two ports),
# SKIP_BUILD=1 to reuse the jar, NO_SHIPPING=1 to leave the JS service out.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
nats_port="${NATS_PORT:-4222}"
http_port="${HTTP_PORT:-8080}"
nats_url="nats://127.0.0.1:${nats_port}"
pids=()

stop_all() {
	trap - INT TERM EXIT
	echo "Stopping ${#pids[@]} processes..."
	for pid in "${pids[@]}"; do
		kill -TERM "$pid" 2>/dev/null || true
	done
	for pid in "${pids[@]}"; do
		wait "$pid" 2>/dev/null || true
	done
}
trap stop_all INT TERM EXIT

listening() {
	(exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# Prefixes each line of a process' output with its name.
start() {
	local name="$1"
	shift
	"$@" > >(sed -u "s/^/[$name] /") 2>&1 &
	pids+=("$!")
}

if listening "$nats_port"; then
	echo "Using the NATS server already on $nats_url"
else
	nats_bin="${NATS_SERVER_BIN:-$(command -v nats-server || true)}"
	if [[ -z "$nats_bin" && -x /usr/sbin/nats-server ]]; then
		nats_bin=/usr/sbin/nats-server
	fi
	if [[ -z "$nats_bin" ]]; then
		echo "nats-server not found: install it (https://nats.io) or set NATS_SERVER_BIN" >&2
		exit 1
	fi
	start nats "$nats_bin" -a 127.0.0.1 -p "$nats_port"
	for _ in $(seq 1 50); do listening "$nats_port" && break; sleep 0.1; done
fi

jar="$(ls "$here"/target/sample-ecommerce-app-*.jar 2>/dev/null | grep -v original | head -1 || true)"
if [[ -z "${SKIP_BUILD:-}" || -z "$jar" ]]; then
	(cd "$root" && ./mvnw -B -ntp -q -pl sample-ecommerce-app -am package -DskipTests)
	jar="$(ls "$here"/target/sample-ecommerce-app-*.jar | grep -v original | head -1)"
fi

node_java() {
	local name="$1" services="$2" port="$3"
	start "$name" java -jar "$jar" --spring.profiles.active=nats --moleculer.transporter="$nats_url" \
		--moleculer.node-id="$name" --shop.services="$services" --server.port="$port"
}
node_java gateway-users gateway,users "$http_port"
node_java orders-inventory orders,inventory "$((http_port + 1))"
node_java payments-notifications payments,notifications "$((http_port + 2))"

if [[ -z "${NO_SHIPPING:-}" ]] && command -v node >/dev/null && command -v npm >/dev/null; then
	if [[ ! -d "$here/shipping-js/node_modules" ]]; then
		(cd "$here/shipping-js" && npm ci --no-audit --no-fund --loglevel=error)
	fi
	(cd "$here/shipping-js" && TRANSPORTER="$nats_url" NAMESPACE=shop NODE_ID=shipping-js \
		exec node shipping.js) > >(sed -u "s/^/[shipping-js] /") 2>&1 &
	pids+=("$!")
else
	echo "Not starting shipping-js (node/npm missing or NO_SHIPPING set)"
fi

echo "Starting... the API will be on http://localhost:${http_port}/api (Ctrl-C stops everything)"
wait
