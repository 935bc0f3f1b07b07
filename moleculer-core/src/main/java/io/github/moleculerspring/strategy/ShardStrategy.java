package io.github.moleculerspring.strategy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import io.github.moleculerspring.context.Context;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Consistent hashing on a key of the call: a params path ({@code shardKey: "userId"} or
 * {@code "user.id"}) or a meta key ({@code shardKey: "#tenant"}). The ring is built exactly as
 * Moleculer's (MD5 of the key, {@code vnodes} points per node, optional {@code ringSize}), so Java
 * and Moleculer.js callers with the same options send a key to the same node. Calls without a key
 * go to a random endpoint.
 */
public final class ShardStrategy implements Strategy {

	private final @Nullable String shardKey;

	private final int vnodes;

	private final long ringSize;

	private final int cacheSize;

	private volatile Ring ring = new Ring(List.of(), new long[0], new String[0]);

	private final Map<String, String> cache;

	public ShardStrategy(Map<String, Object> options) {
		Object key = options.get("shardKey");
		this.shardKey = (key instanceof String s && !s.isBlank()) ? s : null;
		this.vnodes = Math.max(1, StrategyOptions.integer(options, "vnodes", 10));
		long size = (long) StrategyOptions.number(options, "ringSize", 0);
		this.ringSize = (size > 0) ? size : 1L << 32;
		this.cacheSize = Math.max(0, StrategyOptions.integer(options, "cacheSize", 1000));
		this.cache = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
			private static final long serialVersionUID = 1L;

			@Override
			protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
				return size() > ShardStrategy.this.cacheSize;
			}
		});
	}

	@Override
	public <E extends Candidate> E select(List<E> endpoints, @Nullable Context ctx) {
		String key = (ctx != null) ? key(ctx) : null;
		if (key != null) {
			Ring current = ring(endpoints);
			String nodeID = this.cache.get(key);
			if (nodeID == null) {
				nodeID = current.nodeFor(hash(key, this.ringSize));
				if (nodeID != null && this.cacheSize > 0) {
					this.cache.put(key, nodeID);
				}
			}
			for (E endpoint : endpoints) {
				if (endpoint.nodeID().equals(nodeID)) {
					return endpoint;
				}
			}
		}
		return endpoints.get(ThreadLocalRandom.current().nextInt(endpoints.size()));
	}

	private @Nullable String key(Context ctx) {
		if (this.shardKey == null) {
			return null;
		}
		Object value;
		if (this.shardKey.startsWith("#")) {
			value = path(ctx.meta(), this.shardKey.substring(1));
		}
		else {
			Object params = ctx.params();
			value = (params instanceof JsonNode || params instanceof Map) ? path(params, this.shardKey)
					: path(ctx.broker().values().toTree(params), this.shardKey);
		}
		if (value instanceof JsonNode node) {
			value = (node.isNull() || node.isMissingNode()) ? null : node.isValueNode() ? node.asString() : node.toString();
		}
		return (value != null) ? String.valueOf(value) : null;
	}

	private static @Nullable Object path(@Nullable Object root, String path) {
		Object current = root;
		for (String part : path.split("\\.")) {
			if (current instanceof Map<?, ?> map) {
				current = map.get(part);
			}
			else if (current instanceof JsonNode node) {
				current = node.get(part);
			}
			else {
				return null;
			}
		}
		return current;
	}

	private Ring ring(List<? extends Candidate> endpoints) {
		List<String> nodes = new ArrayList<>(endpoints.size());
		for (Candidate endpoint : endpoints) {
			nodes.add(endpoint.nodeID());
		}
		Collections.sort(nodes);
		Ring current = this.ring;
		if (!current.nodes.equals(nodes)) {
			current = Ring.build(nodes, this.vnodes, this.ringSize);
			this.ring = current;
			this.cache.clear();
		}
		return current;
	}

	/** The first 8 hex digits of the MD5 of the key, modulo the ring size, as Moleculer computes it. */
	static long hash(String key, long ringSize) {
		try {
			byte[] digest = MessageDigest.getInstance("MD5").digest(key.getBytes(StandardCharsets.UTF_8));
			long value = ((digest[0] & 0xffL) << 24) | ((digest[1] & 0xffL) << 16) | ((digest[2] & 0xffL) << 8)
					| (digest[3] & 0xffL);
			return (ringSize == (1L << 32)) ? value : value % ringSize;
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The hash ring: sorted points with the node each belongs to. */
	private record Ring(List<String> nodes, long[] keys, String[] owners) {

		static Ring build(List<String> nodes, int vnodes, long ringSize) {
			int total = nodes.size() * vnodes;
			long[] keys = new long[total];
			String[] owners = new String[total];
			double slice = (double) ringSize / total;
			int index = 0;
			for (int j = 0; j < vnodes; j++) {
				for (String node : nodes) {
					keys[index] = (long) Math.floor(slice * (index + 1));
					owners[index] = node;
					index++;
				}
			}
			if (total > 0) {
				keys[total - 1] = ringSize;
			}
			return new Ring(List.copyOf(nodes), keys, owners);
		}

		@Nullable String nodeFor(long hash) {
			for (int i = 0; i < this.keys.length; i++) {
				if (hash <= this.keys[i]) {
					return this.owners[i];
				}
			}
			return null;
		}

	}

}
