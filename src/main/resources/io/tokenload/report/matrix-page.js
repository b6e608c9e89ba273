// Draws the charts of a tokenload run's index.html from the JSON in #tokenload-data, with the
// Chart.js build embedded in the same page. Works from disk, offline. When the library is
// missing it says so in #chart-status and leaves the tables, which hold every number.
// The one list of charts is CHARTS below: the run's page and the service's task page each give
// an empty #tokenload-charts and this script puts a titled canvas there for every chart.
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('tokenload-data').textContent);
  var status = document.getElementById('chart-status');
  var root = document.documentElement;

  function say(text) {
    status.textContent = text;
    status.hidden = false;
  }

  if (typeof Chart === 'undefined') {
    say('Charts are not drawn: the charting library (Chart.js) was not available when this report '
      + 'was written. Build the project once with npm and network access (mvn compile fetches it), '
      + 'then run ./tokenload report on this run again. The table below holds every number.');
    root.setAttribute('data-charts-drawn', '0');
    return;
  }

  var CHARTS = [
    ['chart-throughput', 'Output tokens/s against load'],
    ['chart-rps', 'Requests/s against load'],
    ['chart-ttft', 'Time to first token against load'],
    ['chart-itl', 'Inter-token latency against load'],
    ['chart-latency', 'End-to-end latency against throughput'],
    ['chart-errors', 'Failed requests per cell, by error kind']
  ];

  function figures() {
    var grid = document.getElementById('tokenload-charts');
    grid.textContent = '';
    CHARTS.forEach(function (c) {
      var fig = document.createElement('figure');
      var cap = document.createElement('figcaption');
      var title = document.createElement('b');
      title.textContent = c[1];
      cap.appendChild(title);
      var box = document.createElement('div');
      box.className = 'chart';
      var canvas = document.createElement('canvas');
      canvas.id = c[0];
      box.appendChild(canvas);
      fig.appendChild(cap);
      fig.appendChild(box);
      grid.appendChild(fig);
    });
  }

  figures();
  Chart.defaults.animation = false;
  Chart.defaults.font.family = 'system-ui, sans-serif';
  var palette = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf'];
  var drawn = 0;

  function cellsOf(pair) {
    return data.cells
      .filter(function (c) { return c.pair === pair && c.requests > 0; })
      .sort(function (a, b) { return a.x - b.x; });
  }

  function points(cells, xKey, yKey) {
    return cells.map(function (c) { return { x: c[xKey], y: c[yKey], cell: c.name }; });
  }

  function axis(title, values) {
    var positive = values.filter(function (v) { return v > 0; });
    var log = positive.length === values.length && positive.length > 1
      && Math.max.apply(null, positive) / Math.min.apply(null, positive) >= 8;
    // Ticks at the levels the run used, not at the library's round numbers.
    var levels = values.filter(function (v, i) { return values.indexOf(v) === i; })
      .sort(function (a, b) { return a - b; });
    return {
      type: log ? 'logarithmic' : 'linear', title: { display: true, text: title },
      ticks: { callback: function (v) { return String(v); } },
      afterBuildTicks: function (scale) {
        scale.ticks = levels.map(function (v) { return { value: v }; });
      }
    };
  }

  function series(label, color, dashed, pts, yAxisID) {
    return {
      label: label, data: pts, borderColor: color, backgroundColor: color, showLine: true,
      borderDash: dashed ? [6, 4] : [], pointRadius: 4, yAxisID: yAxisID || 'y'
    };
  }

  function draw(id, datasets, xScale, yScales) {
    var scales = Object.assign({ x: xScale }, yScales);
    new Chart(document.getElementById(id), {
      type: 'scatter',
      data: { datasets: datasets },
      options: {
        maintainAspectRatio: false,
        scales: scales,
        plugins: {
          legend: { position: 'bottom', labels: { boxWidth: 12, font: { size: 11 } } },
          tooltip: {
            callbacks: {
              label: function (ctx) {
                return ctx.dataset.label + ' — ' + ctx.raw.cell + ': ' + ctx.parsed.y;
              }
            }
          }
        }
      }
    });
    drawn++;
  }

  var xs = data.cells.filter(function (c) { return c.requests > 0; }).map(function (c) { return c.x; });
  var loadAxis = axis(data.loadLabel, xs);
  var linear = function (t) { return { type: 'linear', beginAtZero: true, title: { display: true, text: t } }; };

  var throughput = [], rps = [], ttft = [], itl = [], latency = [];
  data.pairs.forEach(function (pair, i) {
    var color = palette[i % palette.length];
    var cells = cellsOf(pair);
    throughput.push(series(pair + ' output tok/s', color, false, points(cells, 'x', 'outputTokensPerS')));
    rps.push(series(pair + ' req/s', color, false, points(cells, 'x', 'requestsPerS')));
    ttft.push(series(pair + ' p50', color, false, points(cells, 'x', 'ttftP50')));
    ttft.push(series(pair + ' p99', color, true, points(cells, 'x', 'ttftP99')));
    itl.push(series(pair + ' p50', color, false, points(cells, 'x', 'itlP50')));
    itl.push(series(pair + ' p99', color, true, points(cells, 'x', 'itlP99')));
    latency.push(series(pair + ' E2E p50', color, false, points(cells, 'outputTokensPerS', 'e2eP50')));
    latency.push(series(pair + ' E2E p99', color, true, points(cells, 'outputTokensPerS', 'e2eP99')));
  });

  draw('chart-throughput', throughput, loadAxis, { y: linear('output tokens/s') });
  draw('chart-rps', rps, loadAxis, { y: linear('completed requests/s') });
  draw('chart-ttft', ttft, loadAxis, { y: linear('TTFT ms (solid p50, dashed p99)') });
  draw('chart-itl', itl, loadAxis, { y: linear('ITL ms (solid p50, dashed p99)') });
  draw('chart-latency', latency, linear('output tokens/s'), { y: linear('end-to-end ms (solid p50, dashed p99)') });

  var kinds = data.errorKinds;
  var labels = data.cells.map(function (c) { return c.name; });
  var bars = kinds.length === 0
    ? [{ label: 'failed requests', data: labels.map(function () { return 0; }), backgroundColor: palette[1] }]
    : kinds.map(function (kind, i) {
      return {
        label: kind,
        data: data.cells.map(function (c) { return c.errors[kind] || 0; }),
        backgroundColor: palette[(i + 1) % palette.length]
      };
    });
  new Chart(document.getElementById('chart-errors'), {
    type: 'bar',
    data: { labels: labels, datasets: bars },
    options: {
      maintainAspectRatio: false,
      plugins: { legend: { position: 'bottom', labels: { boxWidth: 12, font: { size: 11 } } } },
      scales: {
        x: { stacked: true },
        y: { stacked: true, beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: 'failed requests' } }
      }
    }
  });
  drawn++;
  if (kinds.length === 0) {
    document.getElementById('errors-note').textContent = 'No request failed.';
  }
  root.setAttribute('data-charts-drawn', String(drawn));
})();
