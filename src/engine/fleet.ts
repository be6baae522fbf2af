/**
 * Fleet builder (strategy-loops.md §5): accounts × symbols → one loop task each.
 *
 * Invariants:
 * - Task order is roster order, then deps.symbols order; names are `role[id,SYMBOLNAME]` using the
 *   spec's symbol name (BTC-PERP), while LoopTask.symbol is the exchange symbol (BTCUSDT).
 * - Each account gets its own Exchange (exchangeFor(id), called once per account) and its own
 *   CircuitBreaker shared by that account's tasks; nothing is shared between accounts.
 * - Each task gets its own Rng child `rng.split(taskName)`, so adding or removing an account never
 *   shifts another task's draws.
 * - Client order ids are prefix + (account index in roster, symbol index) + counter: unique across
 *   the fleet; the length budget and charset are checked here, once, so a bad prefix fails at build
 *   time rather than as exchange rejections.
 * - Missing or unusable data (duplicate account id, a ladder without side/offset, no rules or qty
 *   for a symbol, a qty that snaps to zero or below minQty) throws here, before anything runs.
 */
import { setMaxListeners } from 'node:events';
import { AnchorMakerLoop } from './anchor.js';
import { CircuitBreaker } from './circuit-breaker.js';
import type { FleetDeps, LoopTask } from './fleet-types.js';
import { LadderMakerLoop } from './ladder.js';
import type { LoopDeps, StrategyLoop } from './loop.js';
import { ClientOrderIds, OrderFormatter, taskCode } from './order-fields.js';
import type { AccountSpec } from './roster.js';
import { TakerLoop } from './taker.js';

export interface Fleet {
  tasks: LoopTask[];
  breakers: Map<string, CircuitBreaker>;
}

/** The task name used in logs and events: `role[id,SYMBOLNAME]`. */
export function taskName(account: AccountSpec, symbolName: string): string {
  return `${account.role}[${account.id},${symbolName}]`;
}

export function buildFleet(roster: AccountSpec[], deps: FleetDeps): Fleet {
  const tasks: StrategyLoop[] = [];
  const breakers = new Map<string, CircuitBreaker>();

  // One formatter per symbol: rules are per symbol, not per task.
  const formats = new Map<string, OrderFormatter>();
  for (const sym of deps.symbols) {
    const rules = deps.rules[sym.exchange];
    if (rules === undefined) throw new Error(`no trading rules for symbol ${sym.exchange} (${sym.name})`);
    formats.set(sym.exchange, new OrderFormatter(rules));
  }

  for (let a = 0; a < roster.length; a++) {
    const acct = roster[a]!;
    if (breakers.has(acct.id)) throw new Error(`duplicate account id "${acct.id}" in roster`);
    const exchange = deps.exchangeFor(acct.id);
    const breaker = new CircuitBreaker(deps.config.breaker, deps.clock, acct.id, deps.events);
    breakers.set(acct.id, breaker);

    for (let s = 0; s < deps.symbols.length; s++) {
      const sym = deps.symbols[s]!;
      const name = taskName(acct, sym.name);
      const qty = deps.config.qty[acct.layer]?.[sym.exchange];
      if (qty === undefined || !(qty > 0)) {
        throw new Error(`${name}: no positive qty configured for layer ${acct.layer}, symbol ${sym.exchange}`);
      }
      const format = formats.get(sym.exchange)!;
      // A quantity that snaps below the exchange minimum could never be placed: every iteration
      // would fail. That is a configuration error, so say so now rather than flood the exchange.
      const snapped = Number(format.qty(qty));
      const minQty = Number(format.rules.minQty) || 0;
      if (!(snapped > 0) || snapped < minQty) {
        throw new Error(
          `${name}: qty ${qty} snaps to ${format.qty(qty)} at stepSize ${format.rules.stepSize}, below minQty ${format.rules.minQty}`,
        );
      }
      const loopDeps: LoopDeps = {
        name,
        accountId: acct.id,
        symbol: sym.exchange,
        exchange,
        feed: deps.feed,
        clock: deps.clock,
        rng: deps.rng.split(name),
        events: deps.events,
        breaker,
        config: deps.config,
        format,
        ids: new ClientOrderIds(deps.clientOrderIdPrefix, taskCode(a, s)),
        qty,
      };
      switch (acct.role) {
        case 'ladder': {
          if (acct.side === undefined || acct.offsetBps === undefined) {
            throw new Error(`${name}: ladder account needs side and offsetBps`);
          }
          tasks.push(new LadderMakerLoop(loopDeps, { side: acct.side, offsetBps: acct.offsetBps }));
          break;
        }
        case 'anchor':
          tasks.push(new AnchorMakerLoop(loopDeps));
          break;
        case 'taker':
          tasks.push(new TakerLoop(loopDeps));
          break;
        default: {
          const never: never = acct.role;
          throw new Error(`unknown role ${String(never)}`);
        }
      }
    }
  }
  return { tasks, breakers };
}

/** Start every task and resolve once all have returned (after `signal` aborts). Never rejects. */
export async function runFleet(tasks: LoopTask[], signal: AbortSignal): Promise<void> {
  // Every task's sleep listens on this one signal; 60 listeners is by design, not a leak, so raise
  // Node's warning threshold instead of printing MaxListenersExceededWarning.
  setMaxListeners(Math.max(10, tasks.length + 10), signal);
  await Promise.allSettled(tasks.map((t) => t.run(signal)));
}
