// The Kubernetes example (deploy/k8s) does what it says: the Indexed Job's shard command, run for
// every completion index as Kubernetes would (JOB_COMPLETION_INDEX in the environment), and then
// the merge Job's command, give one whole sweep. The manifests' commands are executed with sh,
// only the image path /app is mapped onto this checkout and the sweep made tiny.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const tmp = mkdtempSync(path.join(tmpdir(), 'sweep-k8s-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

interface Container {
  command: string[];
  args: string[];
  env: Array<{ name: string; value: string }>;
}
const job = (file: string): { spec: any; container: Container } => {
  const doc = parse(readFileSync(path.join('deploy/k8s', file), 'utf8'));
  return { spec: doc.spec, container: doc.spec.template.spec.containers[0] };
};

function sh(c: Container, env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  const script = c.args[0]!.replaceAll('/app/', `${path.resolve('.')}/`);
  const vars = Object.fromEntries(c.env.map((e) => [e.name, e.value]));
  const child = spawn(c.command[0]!, [...c.command.slice(1), script], {
    env: { ...process.env, ...vars, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d));
  child.stderr.on('data', (d: Buffer) => (out += d));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, out })));
}

describe('deploy/k8s: Indexed Job of shards, then the merge Job', () => {
  it('runs every index and merges them into one sweep', async () => {
    const shards = job('sweep-shards.yaml');
    expect(shards.spec.completionMode).toBe('Indexed');
    const n = Number(shards.container.env.find((e) => e.name === 'SHARDS')!.value);
    expect(shards.spec.completions).toBe(n);
    const tiny = {
      OUT: tmp,
      WORKERS: '1',
      SWEEP_ARGS: '--scenario scenarios/drift.yaml --seeds 1..2 --duration 1m --set strategy.taker.interval_s=20,40',
    };
    const results = await Promise.all(
      Array.from({ length: n }, (_, i) => sh(shards.container, { ...tiny, JOB_COMPLETION_INDEX: String(i) })),
    );
    for (const r of results) expect(r.code, r.out).toBe(0);
    for (let i = 0; i < n; i++) expect(existsSync(path.join(tmp, `shard-${i}`, 'shard.json'))).toBe(true);
    const merge = await sh(job('sweep-merge.yaml').container, { OUT: tmp, WORKERS: '1' });
    expect(merge.code, merge.out).toBe(0);
    const s = JSON.parse(readFileSync(path.join(tmp, 'merged', 'sweep.json'), 'utf8'));
    expect(s.runs).toBe(4);
    expect(existsSync(path.join(tmp, 'merged', 'sweep.html'))).toBe(true);
  }, 180_000);
});
