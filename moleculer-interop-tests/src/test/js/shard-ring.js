"use strict";

/*
 * Moleculer.js 0.15's own Shard strategy choosing among node IDs, for the Java ShardStrategy to be
 * compared with.
 *
 * Usage: node shard-ring.js '<json>'
 *   nodes    node IDs, one endpoint each (in any order: the strategy sorts them)
 *   options  the strategy options (shardKey, vnodes, ringSize, cacheSize)
 *   calls    [{ params, meta }] the calls to place
 *
 * Prints one JSON line: the node ID chosen for each call, in order. The strategy and the contexts
 * are Moleculer's (a broker without transporter that is never started); an endpoint is given as
 * the only thing the strategy reads of it, its node ID.
 */

const { ServiceBroker, Context, Strategies } = require("moleculer015");

const input = JSON.parse(process.argv[2]);
const broker = new ServiceBroker({ nodeID: "shard-ring", logger: false });
const strategy = new Strategies.Shard(broker.registry, broker, input.options);
const endpoints = input.nodes.map(id => ({ id }));

const chosen = input.calls.map(call => {
	const ctx = Context.create(broker, null, call.params, { meta: call.meta || {} });
	const endpoint = strategy.select(endpoints, ctx);
	return endpoint ? endpoint.id : null;
});

console.log(JSON.stringify(chosen));
