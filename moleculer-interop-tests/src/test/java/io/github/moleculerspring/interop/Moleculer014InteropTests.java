package io.github.moleculerspring.interop;

import io.github.moleculerspring.protocol.ProtocolVersion;

/** Interop with Moleculer.js 0.14 (protocol 4). */
class Moleculer014InteropTests extends InteropTests {

	@Override
	String moleculerVersion() {
		return "0.14";
	}

	@Override
	ProtocolVersion protocolVersion() {
		return ProtocolVersion.V4;
	}

}
