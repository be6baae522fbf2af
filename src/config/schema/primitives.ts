/**
 * Value types shared by every config schema: numbers with bounds, durations, decimals, times,
 * seeds, names. Each carries its own "expected …" wording so a message says what to write.
 *
 * Seeds (one type everywhere: scenario `seed:`, `sim --seed`, `data synth --seed`): a whole number
 * from 0 to 2^53 − 1, or a word that starts with a letter (letters, digits, `.`, `_`, `-`; up to 64
 * characters). Anything else — "", 1.5, -3, 2^53 and beyond (which a double would round) — is an
 * error. A seed names the root random stream: the stream of 42 is the stream of the text "42".
 */
import { z } from 'zod';
import { parseDurationMs } from '../yaml-reader.js';

export const DURATION_HELP = 'expected a positive duration such as 6h, 90m, 1d, 1h30m or a number of seconds';
const DURATION_RE = /^\s*(\d+(\.\d+)?|(\d+(\.\d+)?(ms|s|m|h|d))+)\s*$/;

/** A finite number (YAML `.inf` and `.nan` are refused). */
export const num = (): z.ZodNumber => z.number();

/** Duration in ms, from seconds (number) or "90s" / "15m" / "6h" / "1d" / "1h30m". Positive unless `zero`. */
export function duration(opts: { zero?: boolean } = {}) {
  const help = opts.zero ? `${DURATION_HELP} (0 allowed)` : DURATION_HELP;
  const n = opts.zero ? z.number({ error: help }).min(0, { error: help }) : z.number({ error: help }).positive({ error: help });
  return z.union([n, z.string({ error: help }).regex(DURATION_RE, { error: help })], { error: help }).transform((v, ctx) => {
    const ms = parseDurationMs(v);
    if (ms === undefined || ms < 0 || (ms === 0 && !opts.zero)) {
      ctx.issues.push({ code: 'custom', message: `${help}, got ${JSON.stringify(v)}`, input: v });
      return z.NEVER;
    }
    return ms;
  });
}

const DECIMAL_HELP = 'expected a positive decimal such as "0.1"';
/** A positive decimal given as a string or number, kept as its canonical string ("0.1"). */
export const decimal = () =>
  z
    .union(
      [
        z.string({ error: DECIMAL_HELP }).regex(/^\d+(\.\d+)?(e-\d+)?$/, { error: DECIMAL_HELP }),
        z.number().positive({ error: DECIMAL_HELP }),
      ],
      {
        error: DECIMAL_HELP,
      },
    )
    .transform((v) => String(v))
    .refine((s) => Number(s) > 0, { error: DECIMAL_HELP });

const TIME_HELP = 'expected a time: ms since the epoch or an ISO date-time (UTC unless an offset is given)';
/** A point in time, in ms since the epoch: a number of ms, or an ISO date(-time), UTC unless an offset is given. */
export const time = () =>
  z.union([z.number({ error: TIME_HELP }), z.string({ error: TIME_HELP })], { error: TIME_HELP }).transform((v, ctx) => {
    const t = parseTime(v);
    if (t === undefined) {
      ctx.issues.push({ code: 'custom', message: `${TIME_HELP}, got ${JSON.stringify(v)}`, input: v });
      return z.NEVER;
    }
    return t;
  });

export function parseTime(v: number | string): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  let s = v.trim();
  if (/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?$/.test(s))
    s = `${s.replace(' ', 'T')}${s.length === 10 ? 'T00:00:00' : ''}Z`;
  const t = Date.parse(s);
  return Number.isFinite(t) ? t : undefined;
}

export const SEED_HELP =
  'expected a seed: a whole number from 0 to 2^53 − 1, or a word that starts with a letter (letters, digits, ".", "_", "-"; up to 64 characters)';
const SEED_WORD = /^[A-Za-z][A-Za-z0-9._-]{0,63}$/;

export const seed = () =>
  z.union(
    [
      z.int({ error: SEED_HELP }).min(0, { error: SEED_HELP }).max(Number.MAX_SAFE_INTEGER, { error: SEED_HELP }),
      z.string({ error: SEED_HELP }).regex(SEED_WORD, { error: SEED_HELP }),
    ],
    { error: SEED_HELP },
  );

export type Seed = number | string;

/** A seed from a flag's text: digits become the number (within the safe range), a word stays a word. */
export function parseSeedFlag(s: string): Seed | string[] {
  const t = s.trim();
  if (/^\d+$/.test(t)) {
    if (BigInt(t) > BigInt(Number.MAX_SAFE_INTEGER)) return [`${SEED_HELP}; ${t} is beyond 2^53 − 1 and would be rounded`];
    return Number(t);
  }
  if (SEED_WORD.test(t)) return t;
  return [`${SEED_HELP}, got ${JSON.stringify(s)}`];
}

/** Exchange symbol such as BTCUSDT (the linear USDT-margined perpetuals this fleet trades). */
export const SYMBOL_HELP = 'expected an exchange symbol such as BTCUSDT (capital letters and digits ending in USDT or USDC)';
export const exchangeSymbol = () => z.string({ error: SYMBOL_HELP }).regex(/^[A-Z0-9]+(USDT|USDC)$/, { error: SYMBOL_HELP });

export const nonEmpty = () => z.string().min(1);
