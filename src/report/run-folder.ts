/**
 * A run folder: report.json (the contract), series.json (the pictures' data) and report.html, each
 * written atomically. `rocky-bot report DIR` reads the first two back and renders the rest, so a
 * saved run can be re-rendered without running it again.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../io/atomic-write.js';
import { renderHtml } from './html.js';
import type { Report } from './report.js';
import type { SeriesFile } from './series.js';
import { stableJson } from './stable-json.js';

export const REPORT_FILE = 'report.json';
export const SERIES_FILE = 'series.json';
export const HTML_FILE = 'report.html';

export interface WrittenRun {
  report: string;
  series?: string;
  html?: string;
}

export function writeRunFolder(dir: string, report: Report, series: SeriesFile | undefined, opts: { html: boolean }): WrittenRun {
  const out: WrittenRun = { report: path.join(dir, REPORT_FILE) };
  writeFileAtomic(out.report, stableJson(report));
  if (series) {
    out.series = path.join(dir, SERIES_FILE);
    writeFileAtomic(out.series, `${JSON.stringify(series)}\n`);
  }
  if (opts.html) {
    out.html = path.join(dir, HTML_FILE);
    writeFileAtomic(out.html, renderHtml(report, series));
  }
  return out;
}

/**
 * A run folder's report, or a one-line reason it cannot be read. `where` is a folder or a report.json;
 * `current: false` also admits reports written before the time-resolved keys (compare reads those).
 */
export function readRunFolder(
  where: string,
  opts: { current?: boolean } = { current: true },
): { dir: string; report: Report; series: SeriesFile | undefined } | string {
  let dir = where;
  let file = path.join(where, REPORT_FILE);
  try {
    if (!statSync(where).isDirectory()) {
      dir = path.dirname(where);
      file = where;
    }
  } catch {
    return `${where}: no such run folder or report file`;
  }
  let report: Report;
  try {
    report = JSON.parse(readFileSync(file, 'utf8')) as Report;
  } catch (e) {
    return `${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no report.json here' : `not a JSON report (${(e as Error).message})`}`;
  }
  if (!report || typeof report !== 'object' || typeof report.scenario !== 'string' || !report.funnel)
    return `${file}: not a rocky-bot sim report (expected scenario and funnel keys)`;
  if (opts.current !== false && (!Array.isArray(report.windows) || !report.gating))
    return `${file}: a report from an older rocky-bot (no windows or gating keys): re-run the scenario to render it`;
  let series: SeriesFile | undefined;
  const sf = path.join(dir, SERIES_FILE);
  if (existsSync(sf)) {
    try {
      series = JSON.parse(readFileSync(sf, 'utf8')) as SeriesFile;
    } catch (e) {
      return `${sf}: not valid JSON (${(e as Error).message})`;
    }
  }
  return { dir, report, series };
}
