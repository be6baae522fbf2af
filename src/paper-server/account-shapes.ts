/**
 * Binance shapes the core does not build itself, assembled from its (non-charging) introspection:
 * account v2/v3, positionRisk v3, premiumIndex, leverageBracket (exchange-api.md §2).
 *
 * Known limits: open-order initial margin is reported as an account total only (per position it is
 * "0"); maintenance margin is 0 (the ledger has none); funding is not modelled (rate 0.0001 shown,
 * never charged).
 */
import { fmt8 } from '../sim-exchange/filters.js';
import type { BalanceRow, PositionRiskRow } from '../engine/types.js';
import { bracketsFor } from '../sim-exchange/maintenance-margin.js';

export interface PositionView {
  symbol: string;
  amt: number;
  /** Quantity string with the step's decimals. */
  amtStr: string;
  entryPrice: number;
  mark: number;
  leverage: number;
  openOrders: number;
  updateTime: number;
}

function posNumbers(p: PositionView): { notional: number; upnl: number; im: number } {
  const mark = Number.isFinite(p.mark) ? p.mark : p.entryPrice;
  const notional = p.amt * mark;
  const upnl = p.amt === 0 ? 0 : p.amt * (mark - p.entryPrice);
  return { notional, upnl, im: Math.abs(notional) / p.leverage };
}

export function accountShape(version: 2 | 3, bal: BalanceRow, positions: PositionView[], now: number): Record<string, unknown> {
  const wallet = Number(bal.balance);
  const upnl = Number(bal.crossUnPnl);
  const avail = Number(bal.availableBalance);
  let posIM = 0;
  for (const p of positions) posIM += posNumbers(p).im;
  const ooIM = Math.max(0, wallet + upnl - posIM - avail);
  const totals = {
    totalInitialMargin: fmt8(posIM + ooIM),
    totalMaintMargin: fmt8(0),
    totalWalletBalance: fmt8(wallet),
    totalUnrealizedProfit: fmt8(upnl),
    totalMarginBalance: fmt8(wallet + upnl),
    totalPositionInitialMargin: fmt8(posIM),
    totalOpenOrderInitialMargin: fmt8(ooIM),
    totalCrossWalletBalance: fmt8(wallet),
    totalCrossUnPnl: fmt8(upnl),
    availableBalance: bal.availableBalance,
    maxWithdrawAmount: bal.maxWithdrawAmount,
  };
  const asset = {
    asset: bal.asset,
    walletBalance: fmt8(wallet),
    unrealizedProfit: fmt8(upnl),
    marginBalance: fmt8(wallet + upnl),
    maintMargin: fmt8(0),
    initialMargin: fmt8(posIM + ooIM),
    positionInitialMargin: fmt8(posIM),
    openOrderInitialMargin: fmt8(ooIM),
    crossWalletBalance: fmt8(wallet),
    crossUnPnl: fmt8(upnl),
    availableBalance: bal.availableBalance,
    maxWithdrawAmount: bal.maxWithdrawAmount,
    marginAvailable: true,
    updateTime: bal.updateTime || now,
  };
  const rows = (version === 3 ? positions.filter((p) => p.amt !== 0 || p.openOrders > 0) : positions).map((p) => {
    const n = posNumbers(p);
    const base: Record<string, unknown> = {
      symbol: p.symbol,
      positionSide: 'BOTH',
      positionAmt: p.amtStr,
      unrealizedProfit: fmt8(n.upnl),
      isolatedMargin: '0',
      notional: fmt8(n.notional),
      isolatedWallet: '0',
      initialMargin: fmt8(n.im),
      maintMargin: fmt8(0),
      updateTime: p.updateTime,
    };
    if (version === 2) {
      Object.assign(base, {
        leverage: String(p.leverage),
        isolated: false,
        entryPrice: p.amt === 0 ? '0.0' : fmt8(p.entryPrice),
        breakEvenPrice: p.amt === 0 ? '0.0' : fmt8(p.entryPrice),
        maxNotional: '1000000',
        positionInitialMargin: fmt8(n.im),
        openOrderInitialMargin: '0',
        bidNotional: '0',
        askNotional: '0',
      });
    }
    return base;
  });
  if (version === 3) return { ...totals, assets: [asset], positions: rows };
  return {
    feeTier: 0,
    feeBurn: false,
    canTrade: true,
    canDeposit: true,
    canWithdraw: true,
    updateTime: 0,
    multiAssetsMargin: false,
    tradeGroupId: -1,
    ...totals,
    assets: [asset],
    positions: rows,
  };
}

/** positionRisk v3 rows from v2 rows: only symbols with a position or open orders; no leverage/marginType. */
export function positionRiskV3(
  rows: PositionRiskRow[],
  openOrders: (symbol: string) => number,
  asset: string,
  leverage: (symbol: string) => number,
): Record<string, unknown>[] {
  return rows
    .filter((r) => Number(r.positionAmt) !== 0 || openOrders(r.symbol) > 0)
    .map((r) => {
      const im = Math.abs(Number(r.notional)) / leverage(r.symbol);
      return {
        symbol: r.symbol,
        positionSide: r.positionSide,
        positionAmt: r.positionAmt,
        entryPrice: r.entryPrice,
        breakEvenPrice: r.breakEvenPrice,
        markPrice: r.markPrice,
        unRealizedProfit: r.unRealizedProfit,
        liquidationPrice: r.liquidationPrice,
        isolatedMargin: r.isolatedMargin,
        notional: r.notional,
        marginAsset: asset,
        isolatedWallet: r.isolatedWallet,
        initialMargin: fmt8(im),
        maintMargin: fmt8(0),
        positionInitialMargin: fmt8(im),
        openOrderInitialMargin: '0',
        adl: 0,
        bidNotional: '0',
        askNotional: '0',
        updateTime: r.updateTime,
      };
    });
}

const FUNDING_MS = 8 * 3_600_000;

/** With `funding` (a scenario with `exchange.funding`): its latest settled rate and next settlement time. */
export function premiumIndexRow(
  symbol: string,
  mark: number,
  decimals: number,
  now: number,
  funding?: { lastRate: number; nextTime: number },
): Record<string, unknown> {
  const m = Number.isFinite(mark) ? mark.toFixed(decimals + 1) : '0';
  return {
    symbol,
    markPrice: m,
    indexPrice: m,
    estimatedSettlePrice: m,
    lastFundingRate: funding ? funding.lastRate.toFixed(8) : '0.00010000',
    interestRate: '0.00010000',
    nextFundingTime: funding ? funding.nextTime : (Math.floor(now / FUNDING_MS) + 1) * FUNDING_MS,
    time: now,
  };
}

/** GET /fapi/v1/leverageBracket row: Binance's brackets, the ones the venue's maintenance margin uses. */
export function leverageBracketRow(symbol: string): Record<string, unknown> {
  return { symbol, notionalCoef: 1, brackets: bracketsFor(symbol).map((b) => ({ ...b })) };
}
