"use strict";

/*
 * A real Moleculer.js node (0.14 or 0.15) for the Java interop tests and benchmarks.
 *
 * Usage: node interop-node.js '<json config>'
 *   version            "0.14" | "0.15"
 *   nodeID, namespace  broker identity
 *   natsUrl            nats://127.0.0.1:<port>
 *   disableBalancer    boolean
 *   heartbeatInterval, heartbeatTimeout  seconds
 *   requestTimeout     milliseconds (0 = none)
 *   listeners          [{ service, group, event }] event subscriptions that record what they receive
 *   retryPolicy, circuitBreaker, registry  passed to the broker as they are
 *   tracing            boolean: Moleculer's tracer on, finished spans readable with "driver.spans"
 *
 * The node prints "READY <nodeID>" once started and stops gracefully on SIGTERM.
 * The "driver" service lets the Java side make this node call (also with a stream), emit, broadcast
 * and ping, and read back what it received, with errors described by their JS class.
 */

const config = JSON.parse(process.argv[2] || "{}");
const Moleculer = require(config.version === "0.14" ? "moleculer014" : "moleculer015");
const { ServiceBroker, Errors } = Moleculer;
const { Readable } = require("stream");

// With "tracing": Moleculer's tracer on, its finished spans kept here for "driver.spans".
const spans = [];
class CollectingExporter extends Moleculer.TracerExporters.Base {
	spanFinished(span) {
		spans.push({
			name: span.name,
			type: span.type,
			id: span.id,
			traceID: span.traceID,
			parentID: span.parentID || null,
			sampled: span.sampled,
			tags: { action: span.tags.action || null, remoteCall: span.tags.remoteCall, callerNodeID: span.tags.callerNodeID }
		});
	}
}

const broker = new ServiceBroker({
	nodeID: config.nodeID,
	namespace: config.namespace || "",
	transporter: { type: "NATS", options: { url: config.natsUrl } },
	disableBalancer: !!config.disableBalancer,
	heartbeatInterval: config.heartbeatInterval || 10,
	heartbeatTimeout: config.heartbeatTimeout || 30,
	requestTimeout: config.requestTimeout || 0,
	logLevel: config.logLevel || "warn",
	retryPolicy: config.retryPolicy,
	circuitBreaker: config.circuitBreaker,
	registry: config.registry,
	tracing: config.tracing ? { enabled: true, exporter: [new CollectingExporter()] } : undefined
});

const received = [];

function describe(err) {
	return {
		name: err.name,
		className: err.constructor && err.constructor.name,
		message: err.message,
		code: err.code,
		type: err.type,
		data: err.data,
		retryable: err.retryable,
		nodeID: err.nodeID,
		stack: err.stack
	};
}

broker.createService({
	name: "js-math",
	actions: {
		add: {
			params: { a: "number", b: "number" },
			handler(ctx) {
				return ctx.params.a + ctx.params.b;
			}
		},
		echo(ctx) {
			return {
				params: ctx.params,
				meta: ctx.meta,
				headers: ctx.headers || null,
				level: ctx.level,
				caller: ctx.caller,
				requestID: ctx.requestID,
				nodeID: ctx.nodeID,
				version: Moleculer.PROTOCOL_VERSION
			};
		},
		rotate(ctx) {
			ctx.meta.token = "rotated";
			ctx.meta.handledBy = broker.nodeID;
			return ctx.meta;
		},
		teapot() {
			throw new Errors.MoleculerError("I am a teapot", 418, "TEAPOT", { reason: "teapot", id: 42 });
		},
		failWithMeta(ctx) {
			ctx.meta.failedOn = broker.nodeID;
			throw new Errors.MoleculerClientError("nope", 409, "CONFLICT", { id: 1 });
		},
		slow: {
			params: { delay: "number" },
			handler(ctx) {
				return new Promise(resolve => setTimeout(() => resolve("slow-done"), ctx.params.delay));
			}
		},
		hang() {
			return new Promise(() => {});
		},
		chain(ctx) {
			return ctx.call(ctx.params.action, ctx.params.params);
		},
		whoami() {
			return broker.nodeID;
		}
	}
});

for (const listener of config.listeners || []) {
	broker.createService({
		name: listener.service,
		events: {
			[listener.event]: {
				group: listener.group,
				handler(ctx) {
					received.push({
						service: listener.service,
						event: ctx.eventName,
						data: ctx.params,
						type: ctx.eventType,
						groups: ctx.eventGroups || null,
						meta: ctx.meta,
						nodeID: ctx.nodeID,
						caller: ctx.caller,
						requestID: ctx.requestID
					});
				}
			}
		}
	});
}

broker.createService({
	name: "driver",
	actions: {
		async call(ctx) {
			const meta = ctx.params.meta || {};
			const opts = { meta };
			if (ctx.params.nodeID) opts.nodeID = ctx.params.nodeID;
			if (ctx.params.timeout) opts.timeout = ctx.params.timeout;
			if (ctx.params.retries != null) opts.retries = ctx.params.retries;
			if (ctx.params.headers) opts.headers = ctx.params.headers;
			try {
				const result = await broker.call(ctx.params.action, ctx.params.params, opts);
				return { ok: true, result: result === undefined ? null : result, meta };
			} catch (err) {
				return { ok: false, error: describe(err), meta };
			}
		},
		// Calls an action with a binary stream of the given chunks, as each version passes one:
		// 0.14 as the params, 0.15 in the "stream" call option (with the params beside it).
		async callStream(ctx) {
			const stream = new Readable({ read() {} });
			for (const chunk of ctx.params.chunks || []) stream.push(Buffer.from(chunk));
			stream.push(null);
			const opts = { timeout: ctx.params.timeout || 0, retries: 0 };
			try {
				const result =
					config.version === "0.14"
						? await broker.call(ctx.params.action, stream, opts)
						: await broker.call(ctx.params.action, ctx.params.params, { ...opts, stream });
				return { ok: true, result: result === undefined ? null : result };
			} catch (err) {
				return { ok: false, error: describe(err) };
			}
		},
		async emit(ctx) {
			await broker.emit(ctx.params.event, ctx.params.data, ctx.params.groups ? { groups: ctx.params.groups } : undefined);
			return true;
		},
		async broadcast(ctx) {
			await broker.broadcast(ctx.params.event, ctx.params.data, ctx.params.groups ? { groups: ctx.params.groups } : undefined);
			return true;
		},
		received() {
			return received;
		},
		spans() {
			return spans;
		},
		clear() {
			received.length = 0;
			spans.length = 0;
			return true;
		},
		async ping(ctx) {
			try {
				const pong = await broker.ping(ctx.params.nodeID, ctx.params.timeout || 3000);
				return { ok: pong != null, pong };
			} catch (err) {
				return { ok: false, error: describe(err) };
			}
		},
		nodes() {
			return broker.registry.getNodeList({ onlyAvailable: false, withServices: false }).map(node => ({
				id: node.id,
				available: node.available,
				client: node.client
			}));
		}
	}
});

let stopping = false;
function stop() {
	if (stopping) return;
	stopping = true;
	broker
		.stop()
		.then(() => process.exit(0))
		.catch(err => {
			console.error(err);
			process.exit(1);
		});
}
process.on("SIGTERM", stop);
process.on("SIGINT", stop);

// With disableBalancer, Moleculer.js makes its REQB/EVENTB subscriptions only with its first
// broadcast INFO, which is debounced (about 1 s) after start, while it already answers DISCOVER with
// its services: a peer calling in between would publish to a subject nobody listens to yet.
const readyDelay = config.disableBalancer ? 1500 : 0;

broker
	.start()
	.then(() => new Promise(resolve => setTimeout(resolve, readyDelay)))
	.then(() => console.log("READY " + broker.nodeID + " " + Moleculer.PROTOCOL_VERSION))
	.catch(err => {
		console.error("START FAILED", err);
		process.exit(1);
	});
