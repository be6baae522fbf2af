/**
 * report.html in a real browser: Debian's Chromium, driven by playwright-core (no browser
 * download), with every non-file request blocked and recorded. Checks: no console error, no
 * network request, every chart drew (a canvas with pixels on it), and — from a screenshot's own
 * pixels — the layers' colours are on screen. Without Chromium the test is skipped with a message,
 * unless CI_REQUIRE_BROWSER=1 (set by .ci/run), where it fails.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeRunFolder } from '../../src/report/run-folder.js';
import { runScenario } from '../../src/world/run-sim.js';
import { scenarioFrom, SMALL_MARKET } from '../sim/helpers.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const HAVE = existsSync(CHROMIUM);
const REQUIRED = process.env.CI_REQUIRE_BROWSER === '1';
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
/** The layers' colours in html-client.ts. */
const COLOURS: Record<string, [number, number, number]> = {
  anchor: [0xd6, 0x27, 0x28],
  L1: [0x1f, 0x77, 0xb4],
  L2: [0x2c, 0xa0, 0x2c],
  taker: [0xff, 0x7f, 0x0e],
};

if (!HAVE && !REQUIRED)
  console.warn(
    `report.html browser test SKIPPED: no Chromium at ${CHROMIUM} (apt-get install -y chromium; CI sets CI_REQUIRE_BROWSER=1 and installs it)`,
  );

describe.skipIf(!HAVE && !REQUIRED)('report.html in headless Chromium', () => {
  let dir: string;
  let ctx: BrowserContext | undefined;
  let html: string;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'rocky-html-'));
    const sc = scenarioFrom(`name: html\nduration: 40m\n${SMALL_MARKET}expect:\n  funnel_decreasing: [L1, L2]\n`);
    const { report, series } = await runScenario(sc);
    html = writeRunFolder(path.join(dir, 'run'), report, series, { html: true }).html!;
  }, 120_000);

  afterAll(async () => {
    await ctx?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('draws every chart with no console error and no network request, and the screenshot shows the layers', async () => {
    if (!HAVE)
      throw new Error(
        `CI_REQUIRE_BROWSER=1 but there is no Chromium at ${CHROMIUM}: .ci/run installs it (apt-get install -y chromium)`,
      );
    ctx = await chromium.launchPersistentContext(path.join(dir, 'profile'), {
      executablePath: CHROMIUM,
      headless: true,
      args: FLAGS,
      viewport: { width: 1200, height: 900 },
    });
    const page = await ctx.newPage();
    const problems: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    await ctx.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith('file:')) return route.continue();
      requests.push(url);
      return route.abort();
    });
    await page.goto(`file://${html}`);
    await page.waitForFunction(() => document.body.dataset.charts !== undefined, null, { timeout: 20_000 });

    // 2 symbols × (price, positions, funnel, distance) + the events timeline.
    const charts = await page.evaluate(() => Number(document.body.dataset.charts));
    expect(charts).toBe(9);
    const inked = await page.evaluate(() =>
      [...document.querySelectorAll('.chart canvas')].map((c) => {
        const cv = c as HTMLCanvasElement;
        const d = cv.getContext('2d')!.getImageData(0, 0, cv.width, cv.height).data;
        let n = 0;
        for (let i = 3; i < d.length; i += 4) if (d[i]! > 0) n++;
        return n;
      }),
    );
    expect(inked.length).toBe(9);
    for (const n of inked) expect(n).toBeGreaterThan(2000);
    expect(await page.locator('table.heat').count()).toBe(2);
    expect(await page.locator('.verdict.ok').count()).toBe(1);
    expect(problems).toEqual([]);
    expect(requests).toEqual([]);

    const png = PNG.sync.read(await page.screenshot({ fullPage: true }));
    const seen: Record<string, number> = {};
    for (const k of Object.keys(COLOURS)) seen[k] = 0;
    for (let i = 0; i < png.data.length; i += 4) {
      const r = png.data[i]!;
      const g = png.data[i + 1]!;
      const b = png.data[i + 2]!;
      for (const [k, [cr, cg, cb]] of Object.entries(COLOURS))
        if (Math.abs(r - cr) < 12 && Math.abs(g - cg) < 12 && Math.abs(b - cb) < 12) seen[k]!++;
    }
    for (const [k, n] of Object.entries(seen)) expect(n, `pixels of the ${k} colour in the screenshot`).toBeGreaterThan(300);
  }, 60_000);
});
