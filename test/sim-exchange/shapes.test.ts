import { describe, expect, it } from 'vitest';
import { limit, makeCore } from './helpers.js';

const ORDER_STRINGS = [
  'clientOrderId',
  'price',
  'avgPrice',
  'origQty',
  'executedQty',
  'cumQty',
  'cumQuote',
  'timeInForce',
  'type',
  'side',
  'positionSide',
  'stopPrice',
  'workingType',
  'origType',
  'priceMatch',
  'selfTradePreventionMode',
  'symbol',
  'status',
];
const POSITION_STRINGS = [
  'symbol',
  'positionAmt',
  'entryPrice',
  'breakEvenPrice',
  'markPrice',
  'unRealizedProfit',
  'liquidationPrice',
  'leverage',
  'maxNotionalValue',
  'marginType',
  'isolatedMargin',
  'isAutoAddMargin',
  'positionSide',
  'notional',
  'isolatedWallet',
];
const BALANCE_STRINGS = [
  'accountAlias',
  'asset',
  'balance',
  'crossWalletBalance',
  'crossUnPnl',
  'availableBalance',
  'maxWithdrawAmount',
];

function expectStrings(row: object, keys: string[]): void {
  const r = row as Record<string, unknown>;
  for (const k of keys) expect(typeof r[k], k).toBe('string');
}

describe('Binance response shapes', () => {
  it('order rows: documented fields, numbers as strings with the symbol precision', () => {
    const { core } = makeCore();
    const o = core.placeOrder('a', 1000, limit('BUY', '79000', '0.01', { newClientOrderId: 'x-1' }));
    expectStrings(o, ORDER_STRINGS);
    expect(o).toMatchObject({
      orderId: 1,
      symbol: 'BTCUSDT',
      status: 'NEW',
      clientOrderId: 'x-1',
      price: '79000.0',
      avgPrice: '0.00000',
      origQty: '0.010',
      executedQty: '0.000',
      cumQty: '0.000',
      cumQuote: '0.00000000',
      timeInForce: 'GTC',
      type: 'LIMIT',
      reduceOnly: false,
      closePosition: false,
      side: 'BUY',
      positionSide: 'BOTH',
      stopPrice: '0',
      workingType: 'CONTRACT_PRICE',
      priceProtect: false,
      origType: 'LIMIT',
      priceMatch: 'NONE',
      selfTradePreventionMode: 'EXPIRE_TAKER',
      goodTillDate: 0,
      updateTime: 1000,
    });
    expect(o.time).toBeUndefined();
    const [open] = core.openOrders('a', 2000, 'BTCUSDT');
    expect(open!.time).toBe(1000);
    expectStrings(open!, ORDER_STRINGS);
    expect(core.openOrders('a', 2000)).toHaveLength(1);
    expect(core.openOrders('a', 2000, 'ETHUSDT')).toEqual([]);
    const auto = core.placeOrder('a', 3000, limit('BUY', '78000.0', '0.001'));
    expect(auto.clientOrderId).toMatch(/^[.A-Z:/a-z0-9_-]{1,36}$/);
  });

  it('positionRisk v2 rows: one per symbol, or the requested one', () => {
    const { core } = makeCore({ leverage: 5 });
    const rows = core.positionRisk('a', 5);
    expect(rows.map((r) => r.symbol)).toEqual(['BTCUSDT', 'ETHUSDT']);
    for (const r of rows) expectStrings(r, POSITION_STRINGS);
    expect(rows[0]).toMatchObject({
      positionAmt: '0.000',
      entryPrice: '0.0',
      markPrice: '80000.00000000',
      unRealizedProfit: '0.00000000',
      leverage: '5',
      marginType: 'cross',
      isAutoAddMargin: 'false',
      positionSide: 'BOTH',
      notional: '0.00000000',
      updateTime: 0,
    });
    core.placeOrder('a', 6, limit('SELL', '80000.0', '0.003'));
    core.placeOrder('b', 7, limit('BUY', '80000.0', '0.003'));
    const [btc] = core.positionRisk('a', 8, 'BTCUSDT');
    expect(btc).toMatchObject({ positionAmt: '-0.003', entryPrice: '80000.00000000', updateTime: 7 });
  });

  it('balance rows and exchangeInfo', () => {
    const { core } = makeCore({ asset: 'USDC' });
    const [b] = core.balance('a', 42);
    expectStrings(b!, BALANCE_STRINGS);
    expect(b).toMatchObject({
      asset: 'USDC',
      balance: '10000.00000000',
      availableBalance: '10000.00000000',
      marginAvailable: true,
      updateTime: 42,
    });

    const info = core.exchangeInfo(7);
    expect(info.serverTime).toBe(7);
    expect(info.symbols.map((s) => s.symbol)).toEqual(['BTCUSDT', 'ETHUSDT']);
    const full = core.exchangeInfoBinance(7);
    expect(full.rateLimits.map((r) => r.limit)).toEqual([2400, 1200, 300]);
    const btc = full.symbols[0]!;
    expect(btc).toMatchObject({
      symbol: 'BTCUSDT',
      contractType: 'PERPETUAL',
      status: 'TRADING',
      marginAsset: 'USDC',
      quoteAsset: 'USDC',
      baseAsset: 'BTC',
      pricePrecision: 1,
      quantityPrecision: 3,
    });
    expect(btc.filters.find((f) => f.filterType === 'PRICE_FILTER')!.tickSize).toBe('0.1');
    expect(btc.filters.find((f) => f.filterType === 'LOT_SIZE')!.stepSize).toBe('0.001');
    expect(btc.filters.find((f) => f.filterType === 'MIN_NOTIONAL')!.notional).toBe('5');
    expect(core.cancelAll('a', 8, 'BTCUSDT')).toEqual({ code: 200, msg: 'The operation of cancel all open order is done.' });
    expect(core.setLeverage('a', 9, 'BTCUSDT', 3)).toEqual({ leverage: 3, maxNotionalValue: '1000000', symbol: 'BTCUSDT' });
  });
});
