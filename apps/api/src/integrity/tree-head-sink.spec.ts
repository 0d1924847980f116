import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from '@nestjs/common';
import type { SignedTreeHead } from '@shenbao/event-store';
import { TreeHeadSink } from './tree-head-sink';

const head = (size: number): SignedTreeHead => ({ size, rootHash: 'ab'.repeat(32), signature: 'c2ln', algorithm: 'ed25519', at: '2026-01-01T00:00:00.000Z' });
const logger = () => ({ error: jest.fn() }) as unknown as Logger & { error: jest.Mock };
const noWait = () => Promise.resolve();

describe('TreeHeadSink', () => {
  it('appends each head to the file as one JSON line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'shenbao-sink-'));
    try {
      const sink = new TreeHeadSink({ kind: 'file', path: join(dir, 'sth.jsonl') }, logger());
      sink.send(head(1));
      sink.send(head(2));
      expect(readFileSync(join(dir, 'sth.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as SignedTreeHead)).toEqual([head(1), head(2)]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('POSTs to the webhook, retrying failures, and logs a head it could not deliver', async () => {
    const received: unknown[] = [];
    let failFirst = 2;
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        if (failFirst-- > 0) {
          res.statusCode = 503;
          res.end();
          return;
        }
        received.push(JSON.parse(body));
        res.end('ok');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sth`;
    try {
      const log = logger();
      const sink = new TreeHeadSink({ kind: 'webhook', url }, log, noWait);
      sink.send(head(7));
      await sink.drained();
      expect(received).toEqual([head(7)]);
      expect(log.error).not.toHaveBeenCalled();

      failFirst = 100;
      sink.send(head(8));
      await sink.drained();
      expect(log.error).toHaveBeenCalledWith(expect.stringContaining('tree head of size 8 could not be delivered to the webhook after 5 attempts: HTTP 503'));
    } finally {
      server.close();
    }
  });
});
