"use strict";

/*
 * Moleculer.js processes of the cluster benchmark (the same roles as JavaNodes):
 *   node bench-node.js mode=responder|caller|emitter|local nats=nats://... size=64 inflight=16 warmup=3 duration=5
 * Prints "READY" (responder) or one "RESULT {json}" line.
 * Moleculer.js 0.15, nats and hdr-histogram-js come from this folder's package.json and lock file.
 */

const args = Object.fromEntries(process.argv.slice(2).map(a => a.split(/=(.*)/s).slice(0, 2)));
const { ServiceBroker } = require("moleculer015");
const { build } = require("hdr-histogram-js");

const size = Number(args.size || 64);
const inflight = Number(args.inflight || 1);
const warmup = Number(args.warmup || 3);
const duration = Number(args.duration || 5);

function broker(nodeID) {
	return new ServiceBroker({
		nodeID,
		namespace: args.namespace || "bench",
		transporter: args.nats ? { type: "NATS", options: { url: args.nats } } : null,
		logLevel: "warn",
		heartbeatInterval: 10,
		heartbeatTimeout: 30
	});
}

let received = 0;
const benchService = {
	name: "bench",
	actions: {
		echo(ctx) {
			return ctx.params;
		},
		received() {
			return received;
		}
	},
	events: {
		"bench.event"() {
			received++;
		}
	}
};

function result(ops, p50, p99, p999, count, errors, error) {
	console.log(
		"RESULT " +
			JSON.stringify({ ops, p50, p99, p999, count, errors, error: error ? String(error) : "" })
	);
}

const sleep = ms => new Promise(r => setTimeout(r, ms));

async function waitFor(b, action) {
	const deadline = Date.now() + 60000;
	while (!b.registry.getActionEndpoints(action)) {
		if (Date.now() > deadline) throw new Error(action + " not found");
		await sleep(50);
	}
}

async function responder() {
	const b = broker(args.node || "js-responder");
	b.createService(benchService);
	await b.start();
	console.log("READY");
	process.stdin.resume();
	process.stdin.on("end", () => b.stop().then(() => process.exit(0)));
	process.on("SIGTERM", () => b.stop().then(() => process.exit(0)));
}

async function closedLoop(call) {
	const histogram = build({ lowestDiscernibleValue: 1, highestTrackableValue: 60000000, numberOfSignificantValueDigits: 3 });
	let measuring = false;
	let running = true;
	let completed = 0;
	let errors = 0;
	let firstError = "";
	const launch = () => {
		if (!running) return;
		const start = process.hrtime.bigint();
		call().then(
			() => {
				completed++;
				if (measuring) histogram.recordValue(Math.max(1, Number((process.hrtime.bigint() - start) / 1000n)));
				// Local calls resolve in microtasks only: yield now and then so timers can fire.
				if (completed % 1024 === 0) setImmediate(launch);
				else launch();
			},
			err => {
				errors++;
				if (!firstError) firstError = err;
				launch();
			}
		);
	};
	for (let i = 0; i < inflight; i++) launch();
	await sleep(warmup * 1000);
	histogram.reset();
	const startCount = completed;
	const startErrors = errors;
	const start = process.hrtime.bigint();
	measuring = true;
	console.log("WINDOW start");
	await sleep(duration * 1000);
	measuring = false;
	const elapsed = Number(process.hrtime.bigint() - start) / 1e9;
	console.log("WINDOW end");
	running = false;
	const count = completed - startCount;
	result(
		count / elapsed,
		histogram.getValueAtPercentile(50),
		histogram.getValueAtPercentile(99),
		histogram.getValueAtPercentile(99.9),
		count,
		errors - startErrors,
		firstError
	);
}

async function caller() {
	const b = broker(args.node || "js-caller");
	await b.start();
	await waitFor(b, "bench.echo");
	const params = { data: "x".repeat(size) };
	await closedLoop(() => b.call("bench.echo", params));
	await b.stop();
	process.exit(0);
}

async function emitter() {
	const b = broker(args.node || "js-emitter");
	await b.start();
	await waitFor(b, "bench.received");
	const payload = { data: "x".repeat(size) };
	const batch = 500;
	const windowSize = 5000;
	const base = await b.call("bench.received");
	let sent = 0;
	const end = Date.now() + (warmup + duration) * 1000;
	const measureStart = Date.now() + warmup * 1000;
	let measuredFrom = -1;
	let measuredSent = 0;
	while (Date.now() < end) {
		for (let i = 0; i < batch; i++) b.emit("bench.event", payload);
		sent += batch;
		for (;;) {
			const got = (await b.call("bench.received")) - base;
			if (sent - got <= windowSize) break;
		}
		if (measuredFrom < 0 && Date.now() >= measureStart) {
			measuredFrom = process.hrtime.bigint();
			measuredSent = sent;
		}
	}
	const elapsed = Number(process.hrtime.bigint() - measuredFrom) / 1e9;
	result((sent - measuredSent) / elapsed, 0, 0, 0, sent - measuredSent, 0, "");
	await b.stop();
	process.exit(0);
}

/**
 * Local calls, shaped as JavaNodes.local: one call at a time, awaited, in batches of 1000 between
 * clock reads, no histogram; a warm-up, then the measured window.
 */
async function local() {
	const b = broker("js-local");
	b.createService(benchService);
	await b.start();
	const params = { data: "x".repeat(size) };
	const now = () => process.hrtime.bigint();
	let end = now() + BigInt(Math.round(warmup * 1e9));
	while (now() < end) {
		for (let i = 0; i < 1000; i++) {
			await b.call("bench.echo", params);
		}
	}
	let count = 0;
	const start = now();
	end = start + BigInt(Math.round(duration * 1e9));
	while (now() < end) {
		for (let i = 0; i < 1000; i++) {
			await b.call("bench.echo", params);
		}
		count += 1000;
	}
	const elapsed = Number(now() - start) / 1e9;
	result(count / elapsed, 0, 0, 0, count, 0, "");
	await b.stop();
	process.exit(0);
}

({ responder, caller, emitter, local })[args.mode]().catch(err => {
	console.error(err);
	process.exit(1);
});
