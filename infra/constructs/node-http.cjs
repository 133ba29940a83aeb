// node:http for bundled code, loaded as CommonJS loads it (see NODE_HTTP_ALIAS in gatekeeper-function.ts).
module.exports = process.getBuiltinModule('node:http');
