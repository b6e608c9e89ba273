// Draws the server's waiting and running requests and KV-cache use over the run's time, with
// each cell's client TTFT p50 over its span, from the JSON in #tokenload-server.
(function () {
  'use strict';
  var source = document.getElementById('tokenload-server');
  if (!source || typeof Chart === 'undefined') {
    return;
  }
  var cells = JSON.parse(source.textContent);
  var waiting = [], running = [], kv = [], ttft = [];
  cells.forEach(function (c) {
    var t = c.series.t_ms || [];
    t.forEach(function (ms, i) {
      var x = ms / 1000;
      if (c.series.waiting) { waiting.push({ x: x, y: c.series.waiting[i], cell: c.cell }); }
      if (c.series.running) { running.push({ x: x, y: c.series.running[i], cell: c.cell }); }
      if (c.series.kv_cache_usage && c.series.kv_cache_usage[i] !== null) {
        kv.push({ x: x, y: 100 * c.series.kv_cache_usage[i], cell: c.cell });
      }
      if (c.clientTtftP50Ms !== null) { ttft.push({ x: x, y: c.clientTtftP50Ms, cell: c.cell }); }
    });
    ttft.push({ x: NaN, y: NaN });
  });
  function line(label, values, color, axis) {
    return { label: label, data: values, borderColor: color, backgroundColor: color,
      yAxisID: axis, pointRadius: 1.5, borderWidth: 1.5, showLine: true, spanGaps: false };
  }
  new Chart(document.getElementById('chart-server'), {
    type: 'scatter',
    data: { datasets: [
      line('server: waiting requests', waiting, '#d62728', 'requests'),
      line('server: running requests', running, '#1f77b4', 'requests'),
      line('server: KV cache use %', kv, '#2ca02c', 'percent'),
      line('client: TTFT p50 of the cell (ms)', ttft, '#ff7f0e', 'ms')
    ] },
    options: {
      maintainAspectRatio: false,
      plugins: { legend: { position: 'bottom', labels: { boxWidth: 12 } },
        tooltip: { callbacks: { footer: function (items) {
          return items.length && items[0].raw.cell ? 'cell ' + items[0].raw.cell : ''; } } } },
      scales: {
        x: { title: { display: true, text: 'run time (s)' } },
        requests: { position: 'left', beginAtZero: true, title: { display: true, text: 'requests' } },
        percent: { position: 'right', min: 0, max: 100, grid: { drawOnChartArea: false },
          title: { display: true, text: 'KV cache %' } },
        ms: { position: 'right', beginAtZero: true, grid: { drawOnChartArea: false },
          title: { display: true, text: 'TTFT ms' } }
      }
    }
  });
})();
