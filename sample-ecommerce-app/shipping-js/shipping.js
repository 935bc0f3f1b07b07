"use strict";

// The shop's "shipping" service, written in Moleculer.js, joining the Java nodes over NATS.
//   TRANSPORTER   NATS URL (default nats://127.0.0.1:4222)
//   NAMESPACE     Moleculer namespace (default "shop", as in application-nats.yaml)
//   NODE_ID       node ID (default "shipping-js")
// It answers shipping.quote and keeps the order.confirmed events it received (shipping.shipments).

const { ServiceBroker, Errors } = require("moleculer");

const broker = new ServiceBroker({
	nodeID: process.env.NODE_ID || "shipping-js",
	namespace: process.env.NAMESPACE !== undefined ? process.env.NAMESPACE : "shop",
	transporter: process.env.TRANSPORTER || "nats://127.0.0.1:4222",
	logLevel: process.env.LOG_LEVEL || "info"
});

const shipments = [];

broker.createService({
	name: "shipping",
	actions: {
		// A flat rate plus a rate per unit; free from 10 units.
		quote: {
			params: {
				orderId: "string",
				items: { type: "array", items: { type: "object", props: { productId: "string", quantity: "number|integer|positive" } } }
			},
			handler(ctx) {
				const units = ctx.params.items.reduce((sum, item) => sum + item.quantity, 0);
				if (units === 0) {
					throw new Errors.MoleculerClientError("Nothing to ship", 422, "NOTHING_TO_SHIP", { orderId: ctx.params.orderId });
				}
				const price = units >= 10 ? 0 : Math.round((4.99 + 0.5 * units) * 100) / 100;
				return { orderId: ctx.params.orderId, units, price, carrier: "moleculer-post", days: units > 5 ? 3 : 2, requestID: ctx.requestID };
			}
		},
		shipments() {
			return shipments;
		}
	},
	events: {
		"order.confirmed": {
			group: "shipping",
			handler(ctx) {
				shipments.push({ orderId: ctx.params.id, userId: ctx.params.userId, requestID: ctx.requestID });
				this.logger.info(`Shipping order ${ctx.params.id}`);
			}
		}
	}
});

broker.start().then(() => broker.logger.info("shipping service ready"));

for (const signal of ["SIGINT", "SIGTERM"]) {
	process.once(signal, () => broker.stop().then(() => process.exit(0)));
}
