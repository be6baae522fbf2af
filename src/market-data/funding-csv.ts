/**
 * Funding-rate history files for the `file` funding model (`exchange.funding: {model: file}`).
 *
 * Formats (CSV with a header row; the header says which):
 *   fundingTime,fundingRate[,...]                         what GET /fapi/v1/fundingRate lists
 *   calc_time,funding_interval_hours,last_funding_rate    Binance's public-data archive (fundingRate)
 * Times in ms since the epoch; rates as decimals (0.0001 = 0.01 %). Rows must ascend by time.
 * Bad input: a ConfigError naming the file and line; an empty file (no row) is an error too.
 */
import { readFileSync, statSync } from 'node:fs';
import { ConfigError } from '../config/config-error.js';

/** One settlement's rate (the venue's funding model takes these: src/sim-exchange/funding.ts). */
export interface FundingRow {
  t: number;
  rate: number;
}

const MAX_BYTES = 64 * 1024 * 1024;
const HEADERS = 'fundingTime,fundingRate or calc_time,funding_interval_hours,last_funding_rate';

export function readFundingCsv(file: string): FundingRow[] {
  let text: string;
  try {
    const st = statSync(file);
    if (!st.isFile()) throw new ConfigError(file, '', 'cannot read the funding file: not a regular file');
    if (st.size > MAX_BYTES)
      throw new ConfigError(file, '', `the funding file is over ${MAX_BYTES} bytes; expected a rate history`);
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if (e instanceof ConfigError) throw e;
    throw new ConfigError(file, '', `cannot read the funding file (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  const lines = text.split(/\r?\n/);
  const head = (lines[0] ?? '').trim().split(',');
  let ti: number;
  let ri: number;
  if (head[0] === 'fundingTime' && head.includes('fundingRate')) {
    ti = 0;
    ri = head.indexOf('fundingRate');
  } else if (head[0] === 'calc_time' && head.includes('last_funding_rate')) {
    ti = 0;
    ri = head.indexOf('last_funding_rate');
  } else {
    throw new ConfigError(file, 'line 1', `unknown header ${JSON.stringify(lines[0] ?? '')}; expected ${HEADERS}`);
  }
  const out: FundingRow[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') continue;
    const f = line.split(',');
    const ts = f[ti] ?? '';
    const rs = (f[ri] ?? '').trim();
    const t = Number(ts);
    const rate = Number(rs);
    if (!/^\d+$/.test(ts.trim()) || !Number.isSafeInteger(t))
      throw new ConfigError(file, `line ${i + 1}`, `time must be ms since the epoch, got ${JSON.stringify(ts)}`);
    if (!/^-?\d+(\.\d+)?(e-?\d+)?$/.test(rs) || !Number.isFinite(rate) || Math.abs(rate) > 0.05)
      throw new ConfigError(file, `line ${i + 1}`, `rate must be a decimal between -0.05 and 0.05, got ${JSON.stringify(rs)}`);
    const prev = out[out.length - 1];
    if (prev !== undefined && t <= prev.t)
      throw new ConfigError(file, `line ${i + 1}`, `time ${t} is not after the row before (${prev.t}); expected ascending times`);
    out.push({ t, rate });
  }
  if (out.length === 0) throw new ConfigError(file, '', `no rate rows; expected ${HEADERS} and at least one row`);
  return out;
}
