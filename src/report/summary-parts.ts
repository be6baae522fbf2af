/** Pieces of the human summary: padding, times, and the counterparty / resting / tape-range lines. */
import type { Report } from './report.js';

export const pad = (s: string | number, n: number): string => String(s).padStart(n);
export const padR = (s: string | number, n: number): string => String(s).padEnd(n);

/** Seconds since the start as h:mm (0h07). */
export function fmtClock(s: number): string {
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return `${h}h${String(m).padStart(2, '0')}`;
}

export function fmtDuration(s: number): string {
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h ? `${h}h${m ? `${m}m` : ''}` : `${m}m${s % 60 ? `${s % 60}s` : ''}`;
}

/** The largest maker × taker cells over all symbols, with their share of all trades. */
export function topCounterparties(rep: Report, n: number): { maker: string; taker: string; fills: number; share: number }[] {
  const cells = new Map<string, number>();
  let total = 0;
  for (const rows of Object.values(rep.counterparty)) {
    for (const [mk, row] of Object.entries(rows)) {
      for (const [tk, c] of Object.entries(row ?? {})) {
        if (!c) continue;
        total += c.fills;
        cells.set(`${mk}\u0000${tk}`, (cells.get(`${mk}\u0000${tk}`) ?? 0) + c.fills);
      }
    }
  }
  return [...cells]
    .filter(([, f]) => f > 0)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, n)
    .map(([k, fills]) => {
      const [maker, taker] = k.split('\u0000') as [string, string];
      return { maker, taker, fills, share: total ? fills / total : 0 };
    });
}

export function countersLines(rep: Report): string[] {
  const out: string[] = [];
  const top = topCounterparties(rep, 2);
  if (top.length)
    out.push(
      `Counterparty (maker ← taker, all symbols): ${top.map((c) => `${c.maker} ← ${c.taker} ${c.fills} fills (${(c.share * 100).toFixed(0)}% of trades)`).join('; ')}`,
    );
  const rest = Object.entries(rep.resting_through_mid).filter(([, r]) => r && r.orders > 0);
  out.push(
    `Resting through the mid (BUY above / SELL below the Binance mid, seen at 10 s samples): ${
      rest.length
        ? rest
            .map(
              ([role, r]) =>
                `${role} ${r!.orders} orders, ${r!.order_seconds} order-s (mean ${r!.mean_s} s, longest ${r!.max_s} s)`,
            )
            .join('; ')
        : 'none'
    }`,
  );
  const outside = Object.entries(rep.fills_outside_tape_range);
  if (outside.length)
    out.push(`Fills outside the tape's bid–ask range so far: ${outside.map(([s, n]) => `${s} ${n}`).join(', ')}`);
  return out;
}
