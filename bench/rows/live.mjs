// The live fleet's own CPU against `serve` on loopback: `rocky-bot serve` (a 2 h calm synthetic
// scenario, the default 30-account roster, fresh keys in a temp folder) and `rocky-bot live` in
// two child processes; after a 15 s warm-up (start-up, reconcile, first iterations) live's and
// serve's CPU time (utime + stime from /proc) is read over the next 120 s of wall time. The figure
// is live's share of one core; serve's share over the same window is the reference. Linux only.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { defaultRoster } from '../../dist/engine/roster.js';

const TICK_S = 0.01; // USER_HZ = 100 on Linux

function cpuOfPid(pid) {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const rest = f.slice(f.lastIndexOf(')') + 2).split(' ');
  return (Number(rest[11]) + Number(rest[12])) * TICK_S; // utime, stime (fields 14, 15)
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export default async function rows({ quick }) {
  const windowS = quick ? 20 : 120;
  const dir = mkdtempSync(path.join(tmpdir(), 'rocky-bench-live-'));
  const scenario = path.join(dir, 'calm.yaml');
  writeFileSync(
    scenario,
    [
      'name: bench-live',
      'seed: 7',
      'duration: 2h',
      'symbols:',
      '  BTCUSDT:',
      '    source: { kind: synthetic, start_price: 64000, drift_pct_per_day: 0, rate_hz: 10 }',
      '  ETHUSDT:',
      '    source: { kind: synthetic, start_price: 3450, drift_pct_per_day: 0, rate_hz: 10 }',
      '',
    ].join('\n'),
  );
  const accounts = defaultRoster().map((a) => ({
    id: a.id,
    key: randomBytes(32).toString('hex'),
    secret: randomBytes(32).toString('hex'),
  }));
  const keys = path.join(dir, '.keys.json');
  writeFileSync(keys, JSON.stringify({ base_url: 'http://127.0.0.1:1', accounts }, null, 2));
  chmodSync(keys, 0o600);
  const kids = [];
  try {
    const serve = spawn(
      process.execPath,
      ['bin/rocky-bot.js', 'serve', '--scenario', scenario, '--keys', keys, '--port', '0', '--out', path.join(dir, 'out')],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    kids.push(serve);
    const url = await new Promise((resolve, reject) => {
      let buf = '';
      const t = setTimeout(() => reject(new Error(`serve did not start: ${buf.slice(-300)}`)), 30_000);
      const on = (d) => {
        buf += d;
        const m = /listening on (http:\/\/[\d.]+:\d+)/.exec(buf);
        if (m) {
          clearTimeout(t);
          resolve(m[1]);
        }
      };
      serve.stdout.on('data', on);
      serve.stderr.on('data', on);
      serve.on('exit', (c) => reject(new Error(`serve exited ${c}: ${buf.slice(-300)}`)));
    });
    const live = spawn(
      process.execPath,
      ['bin/rocky-bot.js', 'live', '--keys', keys, '--base-url', url, '--feed-url', url.replace('http', 'ws')],
      {
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    kids.push(live);
    let liveErr = '';
    live.stderr.on('data', (d) => {
      liveErr = (liveErr + d).slice(-2000);
    });
    await sleep(15_000);
    if (live.exitCode !== null) throw new Error(`live exited ${live.exitCode}: ${liveErr.slice(-300)}`);
    const l0 = cpuOfPid(live.pid);
    const s0 = cpuOfPid(serve.pid);
    await sleep(windowS * 1000);
    if (live.exitCode !== null) throw new Error(`live exited ${live.exitCode}: ${liveErr.slice(-300)}`);
    const l = (cpuOfPid(live.pid) - l0) / windowS;
    const s = (cpuOfPid(serve.pid) - s0) / windowS;
    return [
      {
        figure: `live fleet (30 accounts × 2 symbols) against serve on loopback, ${windowS} s after a 15 s warm-up`,
        value: l * 100,
        unit: '% of a core',
        // live ÷ serve moves less than either figure on a shared machine: both pay the same per-wakeup cost.
        reference: `serve ${(s * 100).toFixed(1)} % of a core (live ÷ serve ${(l / s).toFixed(2)})`,
        ratio: null,
        target: '≤ 1.5 %',
        met: l * 100 <= 1.5,
      },
    ];
  } finally {
    for (const k of kids) if (k.exitCode === null) k.kill('SIGTERM');
    await sleep(2000);
    for (const k of kids) if (k.exitCode === null) k.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
}
