'use strict';
// The EventEmitter methods xml2js's Parser uses, for code bundled into dist/ (see README.md). Listeners run in the
// order they were added, synchronously, as in Node; an 'error' event nobody listens to is thrown, as in Node.
function EventEmitter() {}

function listenersOf(emitter, name) {
	if (!Object.prototype.hasOwnProperty.call(emitter, '_shimEvents')) {
		Object.defineProperty(emitter, '_shimEvents', { value: new Map(), writable: true });
	}
	if (!emitter._shimEvents.has(name)) emitter._shimEvents.set(name, []);
	return emitter._shimEvents.get(name);
}

EventEmitter.prototype.on = function on(name, listener) {
	listenersOf(this, name).push(listener);
	return this;
};
EventEmitter.prototype.addListener = EventEmitter.prototype.on;

EventEmitter.prototype.once = function once(name, listener) {
	const emitter = this;
	function wrapped(...args) {
		emitter.removeListener(name, wrapped);
		return listener.apply(emitter, args);
	}
	wrapped.listener = listener;
	return this.on(name, wrapped);
};

EventEmitter.prototype.removeListener = function removeListener(name, listener) {
	const list = listenersOf(this, name);
	const at = list.findIndex((l) => l === listener || l.listener === listener);
	if (at >= 0) list.splice(at, 1);
	return this;
};
EventEmitter.prototype.off = EventEmitter.prototype.removeListener;

EventEmitter.prototype.removeAllListeners = function removeAllListeners(name) {
	if (!Object.prototype.hasOwnProperty.call(this, '_shimEvents')) return this;
	if (name === undefined) this._shimEvents = new Map();
	else this._shimEvents.delete(name);
	return this;
};

EventEmitter.prototype.listeners = function listeners(name) {
	return listenersOf(this, name).map((l) => l.listener || l);
};

EventEmitter.prototype.emit = function emit(name, ...args) {
	const list = listenersOf(this, name).slice();
	if (list.length === 0) {
		if (name === 'error') throw args[0] instanceof Error ? args[0] : new Error(`Unhandled error event: ${args[0]}`);
		return false;
	}
	for (const listener of list) listener.apply(this, args);
	return true;
};

module.exports = EventEmitter;
module.exports.EventEmitter = EventEmitter;
