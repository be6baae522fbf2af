#!/usr/bin/env node
// Regenerate test/golden/<scenario>.json from scenarios/*.yaml, on purpose. Review and commit the diff.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { runScenario } from '../dist/world/run-sim.js';
import { stableJson } from '../dist/report/stable-json.js';
import { writeFileAtomic } from '../dist/io/atomic-write.js';
import { loadScenario } from '../dist/scenario/scenario.js';

const only = process.argv.slice(2);
const files = readdirSync('scenarios')
  .filter((f) => f.endsWith('.yaml'))
  .sort();
for (const f of files) {
  const sc = loadScenario(path.join('scenarios', f));
  if (only.length && !only.includes(sc.name)) continue;
  const { report } = await runScenario(sc);
  writeFileAtomic(path.join('test/golden', `${sc.name}.json`), stableJson(report));
  const bad = report.expectations.filter((e) => !e.ok).map((e) => e.name);
  console.log(`${sc.name}: written${bad.length ? `; FAILING expectations: ${bad.join('; ')}` : ''}`);
}
