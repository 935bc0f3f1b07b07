package io.github.moleculerspring.interop;

import io.github.moleculerspring.protocol.ProtocolVersion;

/** Interop with Moleculer.js 0.15 (protocol 5). */
class Moleculer015InteropTests extends InteropTests {

	@Override
	String moleculerVersion() {
		return "0.15";
	}

	@Override
	ProtocolVersion protocolVersion() {
		return ProtocolVersion.V5;
	}

}
