'use strict';
// xml2js calls setImmediate only when it parses with `async: true`; the bundled parser is used synchronously
// (nodes/Brp/xml.ts), so asking for it is a build mistake to surface, not to hide (see README.md).
exports.setImmediate = function setImmediate() {
	throw new Error('setImmediate is not part of the bundled build: parse synchronously (xml2js async: false)');
};
