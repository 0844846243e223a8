'use strict';
// The candles of the chosen market, read again every few seconds. Decimals arrive as exact strings: the chart draws
// them as numbers, the tooltip shows the strings. ?exchange=&market= picks the market; ?from=&to= fixes the range
// (ISO instants), otherwise it is the chosen span up to now.
const REFRESH_MS = 5000;
const MINUTE_MS = 60000;
const DAY_MS = 24 * 60 * MINUTE_MS;
const UP = '#26a69a';
const DOWN = '#ef5350';

const params = new URLSearchParams(location.search);
const fixedRange = params.has('from') && params.has('to');
const marketPicker = document.getElementById('market');
const intervalPicker = document.getElementById('interval');
const rangePicker = document.getElementById('range');
const status = document.getElementById('status');
const chartElement = document.getElementById('chart');
const chart = echarts.init(chartElement);
// The header's height changes with its status line, and the chart takes the rest of the window.
new ResizeObserver(() => chart.resize()).observe(chartElement);

let markets = [];
let shown = [];
let timer;

async function json(url) {
  const response = await fetch(url);
  const body = await response.json();
  if (!response.ok) {
    throw new Error(body.error || response.statusText);
  }
  return body;
}

function candlesUrl(market, from, to) {
  const query = new URLSearchParams({exchange: market.exchange, market: market.market, interval: intervalPicker.value,
    from, to});
  return 'api/candles?' + query;
}

function iso(millis) {
  return new Date(millis).toISOString();
}

/** The URL's range, else the chosen span up to the minute now in progress. */
function range() {
  if (fixedRange) {
    return {from: params.get('from'), to: params.get('to')};
  }
  const to = (Math.floor(Date.now() / MINUTE_MS) + 1) * MINUTE_MS;
  return {from: iso(to - Number(rangePicker.value) * MINUTE_MS), to: iso(to)};
}

/** Markets appear as their first candles are stored; the one chosen (or named in the URL) stays chosen. */
async function loadMarkets() {
  markets = await json('api/markets');
  const label = m => m.exchange + ' ' + m.market;
  const wanted = label({exchange: params.get('exchange') || '', market: params.get('market') || ''}).toLowerCase();
  marketPicker.replaceChildren(...markets.map((m, i) => new Option(label(m), i)));
  marketPicker.selectedIndex = Math.max(markets.findIndex(m => label(m).toLowerCase() === wanted), 0);
}

async function loadCandles() {
  const market = markets[marketPicker.selectedIndex];
  if (!market) {
    status.textContent = 'No candles stored yet: start ./cryptostream demo, or aggregate a feed.';
    return;
  }
  let {from, to} = range();
  let candles = await json(candlesUrl(market, from, to));
  let note = '';
  if (candles.length === 0 && !fixedRange && market.newest_day < from.slice(0, 10)) {
    from = market.newest_day + 'T00:00:00Z';
    to = iso(Date.parse(from) + DAY_MS);
    candles = await json(candlesUrl(market, from, to));
    note = ` (none lately: showing ${market.newest_day}, the newest day with candles)`;
  }
  draw(market, candles);
  status.classList.remove('failed');
  status.textContent = `${candles.length} candles, ${from} to ${to}${note}; updated ${new Date().toISOString().slice(11, 19)} UTC`;
}

function draw(market, candles) {
  shown = candles;
  const times = candles.map(c => c.window_start);
  const number = field => candles.map(c => Number(c[field]));
  chart.setOption({
    animation: false,
    title: {text: `${market.exchange} ${market.market}`, left: 70, top: 4, textStyle: {fontSize: 14}},
    legend: {top: 8, right: 20, data: ['Volume', 'Buy volume', 'Sell volume']},
    tooltip: {trigger: 'axis', axisPointer: {type: 'cross'}, formatter: tooltip},
    axisPointer: {link: [{xAxisIndex: 'all'}]},
    grid: [{left: 70, right: 20, top: 40, height: '56%'}, {left: 70, right: 20, top: '72%', height: '16%'}],
    xAxis: [
      {type: 'category', data: times, axisLabel: {show: false}, axisTick: {show: false}},
      {type: 'category', gridIndex: 1, data: times, axisLabel: {formatter: t => t.slice(11, 16)}}],
    yAxis: [{scale: true}, {gridIndex: 1, name: market.market.split('-')[0]}],
    dataZoom: [{type: 'inside', xAxisIndex: [0, 1]}, {type: 'slider', xAxisIndex: [0, 1], bottom: 8}],
    series: [
      // ECharts' candle order: open, close, low, high.
      {name: 'Price', type: 'candlestick', data: candles.map(c => [c.open, c.close, c.low, c.high].map(Number)),
        itemStyle: {color: UP, color0: DOWN, borderColor: UP, borderColor0: DOWN}},
      {name: 'Volume', type: 'bar', xAxisIndex: 1, yAxisIndex: 1, data: number('volume'), itemStyle: {color: '#b0bec5'}},
      {name: 'Buy volume', type: 'line', xAxisIndex: 1, yAxisIndex: 1, data: number('buy_volume'), showSymbol: false,
        lineStyle: {color: UP}, itemStyle: {color: UP}},
      {name: 'Sell volume', type: 'line', xAxisIndex: 1, yAxisIndex: 1, data: number('sell_volume'), showSymbol: false,
        lineStyle: {color: DOWN}, itemStyle: {color: DOWN}}]
  });
}

/** The exact stored values of the candle under the pointer. */
function tooltip(points) {
  const c = shown[points[0].dataIndex];
  return [`<b>${c.window_start}</b>`, `open ${c.open}`, `high ${c.high}`, `low ${c.low}`, `close ${c.close}`,
    `volume ${c.volume} (buy ${c.buy_volume}, sell ${c.sell_volume})`, `trades ${c.trades}`, `VWAP ${c.vwap}`]
      .join('<br>');
}

async function refresh() {
  clearTimeout(timer);
  try {
    await loadMarkets();
    await loadCandles();
  } catch (e) {
    status.classList.add('failed');
    status.textContent = 'Could not read candles: ' + e.message;
  }
  timer = setTimeout(refresh, REFRESH_MS);
}

function chosen() {
  const market = markets[marketPicker.selectedIndex];
  if (market) {
    params.set('exchange', market.exchange);
    params.set('market', market.market);
    history.replaceState(null, '', '?' + params);
  }
  refresh();
}

rangePicker.disabled = fixedRange;
marketPicker.addEventListener('change', chosen);
intervalPicker.addEventListener('change', refresh);
rangePicker.addEventListener('change', refresh);
refresh();
