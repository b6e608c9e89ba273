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
// Each cell's pictures, drawn when its section is opened: a request timeline (send to first token,
// first token to end), requests in flight and output tokens/s over time, TTFT and ITL percentiles.
(function () {
  'use strict';
  var source = document.getElementById('tokenload-cells');
  if (!source || typeof Chart === 'undefined') {
    return;
  }
  var cells = JSON.parse(source.textContent).cells;
  var legend = { position: 'bottom', labels: { boxWidth: 12, font: { size: 11 } } };
  function title(t) { return { display: true, text: t }; }

  function timeline(canvas, c) {
    var waiting = [], streaming = [];
    c.requests.forEach(function (r, i) {
      var first = r[1] === null ? r[2] : r[1];
      waiting.push({ x: r[0], y: i }, { x: first, y: i }, { x: NaN, y: NaN });
      streaming.push({ x: first, y: i }, { x: r[2], y: i }, { x: NaN, y: NaN });
    });
    return new Chart(canvas, {
      type: 'scatter',
      data: { datasets: [
        { label: 'send → first token', data: waiting, showLine: true, pointRadius: 0, borderColor: '#ff7f0e', borderWidth: 1 },
        { label: 'first token → end', data: streaming, showLine: true, pointRadius: 0, borderColor: '#1f77b4', borderWidth: 1 }
      ] },
      options: { maintainAspectRatio: false, plugins: { legend: legend, title: title('Request timeline (a sample)') },
        scales: { x: { title: title('run time (s)') }, y: { title: title('request (by send)') } } }
    });
  }

  function flow(canvas, c) {
    var t = c.over_time.t_s;
    function pts(values) { return values.map(function (v, i) { return { x: t[i], y: v }; }); }
    return new Chart(canvas, {
      type: 'scatter',
      data: { datasets: [
        { label: 'in flight', data: pts(c.over_time.in_flight), showLine: true, pointRadius: 0, borderColor: '#d62728', yAxisID: 'y' },
        { label: 'output tokens/s', data: pts(c.over_time.output_tokens_per_s), showLine: true, pointRadius: 0, borderColor: '#2ca02c', yAxisID: 'tps' }
      ] },
      options: { maintainAspectRatio: false, plugins: { legend: legend, title: title('In flight and throughput over time') },
        scales: { x: { title: title('run time (s)') },
          y: { beginAtZero: true, title: title('requests in flight') },
          tps: { position: 'right', beginAtZero: true, grid: { drawOnChartArea: false }, title: title('output tokens/s') } } }
    });
  }

  function dist(canvas, c) {
    function pts(values) { return c.percentiles.map(function (p, i) { return { x: values[i], y: p }; })
      .filter(function (p) { return p.x !== null; }); }
    return new Chart(canvas, {
      type: 'scatter',
      data: { datasets: [
        { label: 'TTFT', data: pts(c.ttft_ms), showLine: true, borderColor: '#ff7f0e', backgroundColor: '#ff7f0e' },
        { label: 'ITL', data: pts(c.itl_ms), showLine: true, borderColor: '#1f77b4', backgroundColor: '#1f77b4' }
      ] },
      options: { maintainAspectRatio: false, plugins: { legend: legend, title: title('TTFT and ITL distributions') },
        scales: { x: { type: 'logarithmic', title: title('ms') }, y: { min: 0, max: 100, title: title('percentile') } } }
    });
  }

  var draw = { timeline: timeline, flow: flow, dist: dist };
  document.querySelectorAll('details.cell-plot').forEach(function (section) {
    function drawOpen() {
      if (!section.open || section.getAttribute('data-drawn')) {
        return;
      }
      var c = cells[Number(section.getAttribute('data-index'))];
      section.querySelectorAll('canvas').forEach(function (canvas) {
        draw[canvas.getAttribute('data-kind')](canvas, c);
      });
      section.setAttribute('data-drawn', '1');
    }
    section.addEventListener('toggle', drawOpen);
    drawOpen();
  });
})();
