// Preload (`node --require test/harness/no-network.cjs …`) that makes every way out of the
// process fail loudly: sockets (net, tls, dgram), http(s) requests, DNS look-ups and fetch. Each
// attempt is appended to the file named by STRUGGLE_LENS_NETWORK_LOG, then throws. Inherited by
// worker threads (execArgv), so it covers the analysis worker too.
'use strict';
const fs = require('node:fs');
const log = process.env.STRUGGLE_LENS_NETWORK_LOG;

function trap(name) {
  return function blocked() {
    if (log) fs.appendFileSync(log, `${name}\n`);
    throw new Error(`network access attempted: ${name}`);
  };
}

const net = require('node:net');
net.Socket.prototype.connect = trap('net.Socket.connect');
net.connect = net.createConnection = trap('net.connect');
const tls = require('node:tls');
tls.connect = trap('tls.connect');
const dgram = require('node:dgram');
dgram.createSocket = trap('dgram.createSocket');
for (const mod of ['node:http', 'node:https']) {
  const m = require(mod);
  m.request = trap(`${mod}.request`);
  m.get = trap(`${mod}.get`);
}
const dns = require('node:dns');
for (const fn of ['lookup', 'resolve', 'resolve4', 'resolve6', 'resolveAny']) {
  dns[fn] = trap(`dns.${fn}`);
  if (dns.promises[fn]) dns.promises[fn] = trap(`dns.promises.${fn}`);
}
globalThis.fetch = trap('fetch');
if (globalThis.WebSocket) globalThis.WebSocket = trap('WebSocket');
