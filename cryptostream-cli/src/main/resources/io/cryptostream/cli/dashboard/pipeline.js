'use strict';
// The pipeline panel: /api/pipeline every 2 s. It answers totals (the meters /metrics serves), so trades per second
// are the difference of two answers over the time between them.
(function () {
  const REFRESH_MS = 2000;
  const panel = document.getElementById('pipeline');
  let previous;

  function text(value, unit) {
    return value === null || value === undefined ? '-' : Math.round(value).toLocaleString() + (unit || '');
  }

  function cell(row, value, header) {
    const element = document.createElement(header ? 'th' : 'td');
    element.textContent = value;
    row.appendChild(element);
  }

  function perSecond(market, now) {
    const before = previous && previous.markets.find(m => m.exchange === market.exchange && m.market === market.market);
    const seconds = previous ? (now.at - previous.at) / 1000 : 0;
    return before && seconds > 0 ? ((market.trades - before.trades) / seconds).toFixed(1) : '-';
  }

  function draw(now) {
    panel.replaceChildren();
    if (!now.available) {
      const note = document.createElement('span');
      note.className = 'unavailable';
      note.textContent = now.reason;
      panel.appendChild(note);
      previous = undefined;
      return;
    }
    const summary = document.createElement('div');
    summary.id = 'pipeline-summary';
    summary.textContent = 'Connections subscribed ' + now.connections_subscribed + '/' + now.connections
      + ' | reconnects ' + text(now.reconnects)
      + ' | Spark lag ' + text(now.event_time_lag_seconds, ' s') + ', ' + text(now.batches) + ' batches'
      + ' | last Cassandra write ' + text(now.last_write_age_seconds, ' s') + ' ago'
      + ', newest row ' + text(now.row_freshness_seconds, ' s') + ' behind the feed';
    panel.appendChild(summary);
    const table = document.createElement('table');
    const head = table.insertRow();
    ['Market', 'Trades/s', 'Trades', 'Gaps', 'Missed'].forEach(title => cell(head, title, true));
    now.markets.forEach(market => {
      const row = table.insertRow();
      cell(row, market.exchange + ' ' + market.market);
      cell(row, perSecond(market, now));
      cell(row, text(market.trades));
      cell(row, text(market.gaps));
      cell(row, text(market.missed_trades));
    });
    panel.appendChild(table);
    previous = now;
  }

  async function refresh() {
    try {
      const response = await fetch('api/pipeline');
      draw(await response.json());
    } catch (error) {
      draw({available: false, reason: 'pipeline metrics not available: ' + error.message});
    }
  }

  refresh();
  setInterval(refresh, REFRESH_MS);
})();
