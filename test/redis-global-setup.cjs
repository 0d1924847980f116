// Jest global setup: the Redis integration tests (BullMQ) need a Redis server. When nothing answers at REDIS_URL
// (default redis://127.0.0.1:6379) and this is a local address, start a throwaway redis-server that keeps nothing on
// disk — the same command .ci/run uses — so `npm test` works on a fresh clone. Tests use their own key prefixes.
'use strict';
const net = require('node:net');
const { execFileSync } = require('node:child_process');

function answers(host, port) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port, timeout: 500 }, () => {
      socket.write('PING\r\n');
    });
    socket.once('data', (d) => {
      socket.destroy();
      resolve(String(d).startsWith('+PONG'));
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

module.exports = async function redisGlobalSetup() {
  const url = new URL(process.env.REDIS_URL || 'redis://127.0.0.1:6379');
  const host = url.hostname || '127.0.0.1';
  const port = Number(url.port || 6379);
  if (await answers(host, port)) return;
  if (!['127.0.0.1', 'localhost', '::1'].includes(host)) {
    throw new Error(`Redis at ${url.href} does not answer; the BullMQ integration tests need it`);
  }
  try {
    execFileSync('redis-server', ['--daemonize', 'yes', '--bind', '127.0.0.1', '--port', String(port), '--save', '', '--appendonly', 'no'], { stdio: 'ignore', timeout: 10_000 });
  } catch (e) {
    throw new Error(`Redis does not answer on ${host}:${port} and redis-server could not be started (${e.message}); install the package that provides redis-server (apt-get install redis-server, brew install redis) or set REDIS_URL`);
  }
  for (let i = 0; i < 50; i++) {
    if (await answers(host, port)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`redis-server was started but does not answer on ${host}:${port}`);
};
