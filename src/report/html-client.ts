/**
 * The script report.html runs in the browser, as text (the page is one offline file). It reads the
 * page's embedded data (report + series), draws every chart with uPlot (inlined beside it) and the
 * counterparty heat maps as tables, and sets `document.body.dataset.charts` to the number of charts
 * drawn, so a test can wait for it. Plain ES2017, no template literals (this file holds it in one).
 */
export const CLIENT_JS = String.raw`
(function () {
  'use strict';
  var D = JSON.parse(document.getElementById('report-data').textContent);
  var R = D.report, S = D.series;
  var LAYERS = ['anchor', 'L1', 'L2', 'L3', 'taker'];
  var COL = { anchor: '#d62728', L1: '#1f77b4', L2: '#2ca02c', L3: '#9467bd', taker: '#ff7f0e', external: '#7f7f7f' };
  var drawn = 0;
  var W = Math.min(1100, Math.max(600, document.body.clientWidth - 40));

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    for (var k in attrs || {}) e.setAttribute(k, attrs[k]);
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function box(parent, title, note) {
    var d = el('div', { 'class': 'chart' });
    d.appendChild(el('h3', {}, title));
    if (note) d.appendChild(el('p', { 'class': 'note' }, note));
    document.getElementById(parent).appendChild(d);
    return d;
  }
  function plot(target, opts, data) {
    opts.width = W;
    opts.height = opts.height || 280;
    new uPlot(opts, data, target);
    drawn++;
  }
  var hours = function (t) { return t / 3600; };
  var xAxis = { label: 'hours since start', values: function (u, v) { return v.map(function (x) { return x.toFixed(2); }); } };

  function pricePlot(sym) {
    var p = S.price[sym];
    var tables = [[p.t.map(hours), p.mid, p.bid, p.ask]];
    var series = [{}, { label: 'Binance mid', stroke: '#222', width: 1.5 },
      { label: 'Rocky best bid', stroke: '#17becf', width: 1 }, { label: 'Rocky best ask', stroke: '#e377c2', width: 1 }];
    LAYERS.forEach(function (l) {
      var f = S.fills[sym][l];
      if (!f || !f.t.length) return;
      var xs = [], ys = [];
      for (var i = 0; i < f.t.length; i++) { xs.push(hours(f.t[i])); ys.push(f.lo[i]); xs.push(hours(f.t[i] + 1)); ys.push(f.hi[i]); }
      tables.push([xs, ys]);
      series.push({ label: l + ' fills', stroke: COL[l], fill: COL[l], width: 0, paths: function () { return null; },
        points: { show: true, size: 5, stroke: COL[l], fill: COL[l] } });
    });
    var data = uPlot.join(tables);
    plot(box('charts-price', sym + ': Binance mid, Rocky best bid / ask, fills by layer',
      'fills: lowest and highest price per time bucket and layer'), {
      series: series, scales: { x: { time: false } }, axes: [xAxis, { label: 'price', size: 70 }],
    }, data);
  }

  function positionPlot(sym) {
    var pos = S.positions[sym];
    var ids = Object.keys(pos);
    if (!ids.length) return;
    var tables = ids.map(function (a) { return [pos[a].t.map(hours), pos[a].v]; });
    var t0 = tables[0][0];
    tables.push([t0, t0.map(function () { return S.cap_usdc; }), t0.map(function () { return -S.cap_usdc; })]);
    var series = [{}].concat(ids.map(function (a) { return { label: a, stroke: COL[pos[a].layer], width: 1 }; }));
    series.push({ label: '+cap', stroke: '#000', dash: [6, 4], width: 1.5 }, { label: '-cap', stroke: '#000', dash: [6, 4], width: 1.5 });
    plot(box('charts-position', sym + ': position notional per account (USDC at mark) against the cap',
      'per time bucket the sample with the largest |notional|; colour = layer'), {
      series: series, scales: { x: { time: false } }, axes: [xAxis, { label: 'USDC', size: 60 }], legend: { show: false },
    }, uPlot.join(tables));
  }

  function funnelPlot(sym) {
    var ws = R.windows;
    if (!ws.length) return;
    var x = ws.map(function (w) { return hours((w.start_s + w.end_s) / 2); });
    var order = ['anchor', 'L1', 'L2', 'L3'];
    var stacked = [], acc = x.map(function () { return 0; });
    order.forEach(function (l) {
      acc = acc.map(function (v, i) { return v + ws[i].funnel[sym][l].maker_fills; });
      stacked.push(acc.slice());
    });
    // Largest cumulative first, so each smaller stack paints over it: a stacked bar.
    var data = [x], series = [{}];
    for (var k = order.length - 1; k >= 0; k--) {
      data.push(stacked[k]);
      series.push({ label: order[k] + ' (stacked)', stroke: COL[order[k]], fill: COL[order[k]], width: 0,
        paths: uPlot.paths.bars({ size: [0.9, 80] }), points: { show: false } });
    }
    var half = hours(R.window_s / 2);
    plot(box('charts-funnel', sym + ': maker fills per window, stacked by layer',
      'window ' + (R.window_s / 60) + ' min; the top of each bar is all maker fills of the window'), {
      series: series,
      scales: { x: { time: false, range: function (u, lo, hi) { return [lo - half, hi + half]; } },
        y: { range: function (u, lo, hi) { return [0, Math.max(1, hi) * 1.05]; } } },
      axes: [xAxis, { label: 'maker fills', size: 60 }],
    }, data);
  }

  function heatMap(sym) {
    var m = R.counterparty[sym];
    if (!m) return;
    var parties = Object.keys(m);
    var max = 1;
    parties.forEach(function (a) { parties.forEach(function (b) { max = Math.max(max, m[a][b].fills); }); });
    var d = box('charts-counterparty', sym + ': who trades with whom (fills; rows = maker layer, columns = taker layer)');
    var t = el('table', { 'class': 'heat' });
    var hr = el('tr');
    hr.appendChild(el('th', {}, 'maker \\ taker'));
    parties.forEach(function (b) { hr.appendChild(el('th', {}, b)); });
    t.appendChild(hr);
    parties.forEach(function (a) {
      var tr = el('tr');
      tr.appendChild(el('th', {}, a));
      parties.forEach(function (b) {
        var n = m[a][b].fills;
        var k = n ? Math.log(1 + n) / Math.log(1 + max) : 0;
        var td = el('td', { title: m[a][b].notional_usdc + ' USDC' }, String(n));
        td.style.background = 'rgba(214, 39, 40, ' + (0.08 + 0.85 * k).toFixed(3) + ')';
        if (k > 0.6) td.style.color = '#fff';
        tr.appendChild(td);
      });
      t.appendChild(tr);
    });
    d.appendChild(t);
  }

  function distancePlot(sym) {
    var c = S.distance.counts[sym];
    if (!c) return;
    var w = S.distance.width_bps, n = c.anchor.length;
    var x = [];
    for (var i = 0; i < n; i++) x.push((i + 1) * w);
    var data = [x], series = [{}], far = 10;
    LAYERS.forEach(function (l) {
      var tot = c[l].reduce(function (a, b) { return a + b; }, 0);
      if (tot) far = Math.max(far, R.fill_distance_bps[sym][l].p99);
      if (!tot) return;
      var run = 0;
      data.push(c[l].map(function (v) { run += v; return run / tot; }));
      series.push({ label: l + ' (p90 ' + R.fill_distance_bps[sym][l].p90 + ' bps)', stroke: COL[l], width: 2 });
    });
    plot(box('charts-distance', sym + ': fill distance from the Binance mid, share of fills within x bps',
      'last point: everything at or beyond ' + S.distance.up_to_bps + ' bps'), {
      series: series,
      scales: { x: { time: false, range: [0, Math.min(S.distance.up_to_bps + w, Math.ceil(far * 1.3 + 5))] }, y: { range: [0, 1] } },
      axes: [{ label: 'bps from mid' }, { label: 'share of fills', size: 60 }],
    }, data);
  }

  function eventsPlot() {
    var e = S.events;
    var x = e.t.map(hours);
    var empty = !x.length;
    if (empty) x = [0, hours(R.duration_s)];
    var data = [x], series = [{}];
    var palette = ['#8c564b', '#bcbd22', '#17becf', '#e377c2', '#7f7f7f', '#1f77b4'];
    var bars = function (c) {
      return { stroke: c, fill: c, width: 0, paths: uPlot.paths.bars({ size: [0.9, 6] }), points: { show: false } };
    };
    Object.keys(e.rejections).forEach(function (code, i) {
      data.push(e.rejections[code]);
      series.push(Object.assign(bars(palette[i % palette.length]), { label: 'rejections ' + code }));
    });
    data.push(empty ? [0, 0] : e.breaker_opens);
    series.push({ label: 'breaker opens', stroke: '#d62728', width: 0, paths: function () { return null; }, points: { show: true, size: 7, fill: '#d62728' } });
    data.push(empty ? [0, 0] : e.breaker_closes);
    series.push({ label: 'breaker closes', stroke: '#2ca02c', width: 0, paths: function () { return null; }, points: { show: true, size: 7, fill: '#2ca02c' } });
    plot(box('charts-events', 'Rejections by code and breaker transitions over time', 'counts per time bucket (only buckets with an event are drawn)'), {
      series: series,
      scales: { x: { time: false, range: [0, hours(R.duration_s)] }, y: { range: function (u, lo, hi) { return [0, Math.max(1, hi) * 1.1]; } } },
      axes: [xAxis, { label: 'count', size: 50 }], height: 200,
    }, data);
  }

  S.symbols.forEach(pricePlot);
  S.symbols.forEach(positionPlot);
  S.symbols.forEach(funnelPlot);
  S.symbols.forEach(heatMap);
  S.symbols.forEach(distancePlot);
  eventsPlot();
  document.body.dataset.charts = String(drawn);
})();
`;
