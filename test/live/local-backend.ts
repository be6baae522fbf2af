/**
 * A local stand-in for the Rocky backend and the Binance feed, for trying `live` by hand:
 *
 *   node <built>/test/live/local-backend.js /tmp/rocky-local   # writes /tmp/rocky-local/.keys.json
 *   rocky-bot live --keys /tmp/rocky-local/.keys.json --feed-url ws://127.0.0.1:PORT [--dry-run]
 *
 * REST: the MockRocky of the tests (signature checks, open orders; orders never fill).
 * Feed: BTCUSDT/ETHUSDT bookTicker random walks every 200 ms on /public/stream.
 */
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { WebSocketServer } from 'ws';
import { MockRocky } from './helpers.js';

export async function startLocalBackend(
  dir: string,
): Promise<{ restUrl: string; feedUrl: string; keysPath: string; close: () => Promise<void> }> {
  const mock = await new MockRocky().start();
  const accounts = mock.addRoster();
  mkdirSync(dir, { recursive: true });
  const keysPath = path.join(dir, '.keys.json');
  writeFileSync(keysPath, JSON.stringify({ base_url: mock.url, accounts }, null, 2));
  chmodSync(keysPath, 0o600);
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((r) => wss.on('listening', () => r()));
  const mids: Record<string, number> = { BTCUSDT: 80_000, ETHUSDT: 3_000 };
  let u = 1;
  const timer = setInterval(() => {
    for (const sym of Object.keys(mids)) {
      mids[sym] = mids[sym]! * (1 + (Math.random() - 0.5) * 0.0004);
      const tick = sym === 'BTCUSDT' ? 0.1 : 0.01;
      const bid = Math.floor(mids[sym]! / tick) * tick;
      const t = Date.now();
      const msg = JSON.stringify({
        stream: `${sym.toLowerCase()}@bookTicker`,
        data: { e: 'bookTicker', u: u++, E: t, T: t, s: sym, b: bid.toFixed(2), B: '2.5', a: (bid + tick).toFixed(2), A: '1.5' },
      });
      for (const c of wss.clients) c.send(msg);
    }
  }, 200);
  return {
    restUrl: mock.url,
    feedUrl: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`,
    keysPath,
    close: async () => {
      clearInterval(timer);
      for (const c of wss.clients) c.terminate();
      await new Promise<void>((r) => wss.close(() => r()));
      await mock.stop();
    },
  };
}

if (process.argv[1] && import.meta.url.endsWith(path.basename(process.argv[1]))) {
  const dir = process.argv[2] ?? '/tmp/rocky-local';
  const b = await startLocalBackend(dir);
  process.stdout.write(`REST ${b.restUrl}\nFEED ${b.feedUrl}\nKEYS ${b.keysPath}\n`);
}
