'use strict';
// The candles of the chosen market and interval, read again every few seconds. Decimals arrive as exact strings: the
// chart draws them as numbers, the tooltip shows the strings. ?exchange=&market=&interval=&fill=true pick the market,
// the interval and the filling; ?from=&to= fixes the range (ISO instants), otherwise it is the chosen span up to now.
const REFRESH_MS = 5000;
const MINUTE_MS = 60000;
const DAY_MS = 24 * 60 * MINUTE_MS;
const UP = '#26a69a';
const DOWN = '#ef5350';
/** The spans the range picker may offer, in minutes; an interval gets those holding a readable number of its candles. */
const SPANS = [[60, '1 hour'], [360, '6 hours'], [1440, '24 hours'], [4320, '3 days'], [10080, '7 days'],
  [43200, '30 days']];
const FEWEST_CANDLES = 12;
const MOST_CANDLES = 1440;
/** A new interval's span, unless the one chosen suits it too: the one closest to this many candles. */
const USUAL_CANDLES = 300;

const params = new URLSearchParams(location.search);
const fixedRange = params.has('from') && params.has('to');
const marketPicker = document.getElementById('market');
const intervalPicker = document.getElementById('interval');
const rangePicker = document.getElementById('range');
const fillBox = document.getElementById('fill');
const status = document.getElementById('status');
const chartElement = document.getElementById('chart');
const chart = echarts.init(chartElement);
// The header's height changes with its status line, and the chart takes the rest of the window.
new ResizeObserver(() => chart.resize()).observe(chartElement);

let markets = [];
let intervals = [];
let longestRange = 0;
let shown = [];
let timer;
/** Counts refreshes: one a choice started draws, while an older one still reading is dropped when it answers. */
let latest = 0;

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
  if (fillBox.checked) {
    query.set('fill', 'true');
  }
  return 'api/candles?' + query;
}

function iso(millis) {
  return new Date(millis).toISOString();
}

function interval() {
  return intervals[intervalPicker.selectedIndex];
}

/** The URL's range, else the chosen span up to the end of the interval now in progress. */
function range() {
  if (fixedRange) {
    return {from: params.get('from'), to: params.get('to')};
  }
  const length = interval().minutes * MINUTE_MS;
  return span((Math.floor(Date.now() / length) + 1) * length);
}

function span(to) {
  return {from: iso(to - Number(rangePicker.value) * MINUTE_MS), to: iso(to)};
}

/** The intervals the server rolls up, read once; the one named in the URL is chosen. */
async function loadIntervals() {
  if (intervals.length > 0) {
    return;
  }
  const answer = await json('api/intervals');
  longestRange = answer.longest_range_minutes;
  intervalPicker.replaceChildren(...answer.intervals.map(i => new Option(i.interval, i.interval)));
  intervals = answer.intervals;
  intervalPicker.selectedIndex = Math.max(intervals.findIndex(i => i.interval === params.get('interval')), 0);
  fillBox.checked = params.get('fill') === 'true';
  offerSpans();
}

/** The spans that suit the chosen interval; the span chosen stays chosen when it still suits. */
function offerSpans() {
  const minutes = interval().minutes;
  const suited = SPANS.filter(([span]) => span / minutes >= FEWEST_CANDLES && span / minutes <= MOST_CANDLES
      && span <= longestRange);
  const kept = suited.find(([span]) => span === Number(rangePicker.value));
  const usual = suited.reduce((best, s) =>
      Math.abs(s[0] / minutes - USUAL_CANDLES) < Math.abs(best[0] / minutes - USUAL_CANDLES) ? s : best);
  rangePicker.replaceChildren(...suited.map(([span, label]) => new Option(label, span)));
  rangePicker.value = (kept || usual)[0];
}

/** Markets appear as their first candles are stored; the one chosen (or named in the URL) stays chosen. */
async function loadMarkets() {
  markets = await json('api/markets');
  const label = m => m.exchange + ' ' + m.market;
  const wanted = label({exchange: params.get('exchange') || '', market: params.get('market') || ''}).toLowerCase();
  marketPicker.replaceChildren(...markets.map((m, i) => new Option(label(m), i)));
  marketPicker.selectedIndex = Math.max(markets.findIndex(m => label(m).toLowerCase() === wanted), 0);
}

async function loadCandles(refreshed) {
  const market = markets[marketPicker.selectedIndex];
  if (!market) {
    status.textContent = 'No candles stored yet: start ./cryptostream demo, or aggregate a feed.';
    return;
  }
  let {from, to} = range();
  let candles = await json(candlesUrl(market, from, to));
  let note = '';
  if (candles.length === 0 && !fixedRange && market.newest_day < from.slice(0, 10)) {
    ({from, to} = span(Date.parse(market.newest_day + 'T00:00:00Z') + DAY_MS));
    candles = await json(candlesUrl(market, from, to));
    note = ` (none lately: showing up to the end of ${market.newest_day}, the newest day with candles)`;
  }
  if (refreshed !== latest) {
    return;
  }
  draw(market, candles);
  status.classList.remove('failed');
  status.textContent = `${candles.length} candles of ${interval().interval}, ${from} to ${to}${note}; `
      + `updated ${new Date().toISOString().slice(11, 19)} UTC`;
}

/** An axis label: the time of day within a day, the date too beyond, the date alone for daily candles. */
function timeLabel(minutes) {
  if (minutes >= 24 * 60) {
    return t => t.slice(0, 10);
  }
  return minutes >= 60 ? t => t.slice(5, 16).replace('T', ' ') : t => t.slice(11, 16);
}

function draw(market, candles) {
  shown = candles;
  const times = candles.map(c => c.window_start);
  const number = field => candles.map(c => Number(c[field]));
  chart.setOption({
    animation: false,
    title: {text: `${market.exchange} ${market.market} ${interval().interval}`, left: 70, top: 4,
      textStyle: {fontSize: 14}},
    legend: {top: 8, right: 20, data: ['Volume', 'Buy volume', 'Sell volume']},
    tooltip: {trigger: 'axis', axisPointer: {type: 'cross'}, formatter: tooltip},
    axisPointer: {link: [{xAxisIndex: 'all'}]},
    grid: [{left: 70, right: 20, top: 40, height: '56%'}, {left: 70, right: 20, top: '72%', height: '16%'}],
    xAxis: [
      {type: 'category', data: times, axisLabel: {show: false}, axisTick: {show: false}},
      {type: 'category', gridIndex: 1, data: times, axisLabel: {formatter: timeLabel(interval().minutes)}}],
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

/** The exact stored values of the candle under the pointer; a filled interval has no trades and no VWAP. */
function tooltip(points) {
  const c = shown[points[0].dataIndex];
  return [`<b>${c.window_start}</b>`, `open ${c.open}`, `high ${c.high}`, `low ${c.low}`, `close ${c.close}`,
    `volume ${c.volume} (buy ${c.buy_volume}, sell ${c.sell_volume})`, `trades ${c.trades}`, `VWAP ${c.vwap ?? '—'}`]
      .join('<br>');
}

async function refresh() {
  clearTimeout(timer);
  const refreshed = ++latest;
  try {
    await loadIntervals();
    await loadMarkets();
    await loadCandles(refreshed);
  } catch (e) {
    if (refreshed === latest) {
      status.classList.add('failed');
      status.textContent = 'Could not read candles: ' + e.message;
    }
  }
  if (refreshed === latest) {
    timer = setTimeout(refresh, REFRESH_MS);
  }
}

/** The choices go into the URL, so a reload or a shared link opens the same chart. */
function chosen() {
  const market = markets[marketPicker.selectedIndex];
  if (market) {
    params.set('exchange', market.exchange);
    params.set('market', market.market);
  }
  if (interval()) {
    params.set('interval', interval().interval);
  }
  if (fillBox.checked) {
    params.set('fill', 'true');
  } else {
    params.delete('fill');
  }
  history.replaceState(null, '', '?' + params);
  refresh();
}

rangePicker.disabled = fixedRange;
marketPicker.addEventListener('change', chosen);
intervalPicker.addEventListener('change', () => {
  offerSpans();
  chosen();
});
fillBox.addEventListener('change', chosen);
rangePicker.addEventListener('change', refresh);
refresh();
