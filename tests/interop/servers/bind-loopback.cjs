// Preload for third-party example servers in the interop tests: `node --require
// bind-loopback.cjs server.js`. A server that listens on a port without naming a host would
// bind every interface; this makes it bind 127.0.0.1 instead, so tests never listen beyond
// this machine.
'use strict';
const net = require('node:net');
const listen = net.Server.prototype.listen;

function onLoopback(args) {
  const [first] = args;
  if (first !== null && typeof first === 'object' && !Array.isArray(first)) {
    // listen({ port, host?, path? })
    if (first.path === undefined && first.host === undefined) {
      return [{ ...first, host: '127.0.0.1' }, ...args.slice(1)];
    }
    return args;
  }
  if (first === undefined || typeof first === 'function') {
    // listen() or listen(callback): an ephemeral port
    return [0, '127.0.0.1', ...args.filter((a) => a !== undefined)];
  }
  if (/^\d+$/.test(String(first)) && typeof args[1] !== 'string') {
    // listen(port[, backlog][, callback])
    return [first, '127.0.0.1', ...args.slice(1)];
  }
  return args;
}

net.Server.prototype.listen = function listenOnLoopback(...args) {
  return listen.apply(this, onLoopback(args));
};
