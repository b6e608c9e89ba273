// The service's pages: every number comes from /api with the token kept in this tab's session
// storage. The task page draws its charts with the run report's own script (matrix-page.js) from
// the cells' results, as a run's index.html does.
(function () {
  'use strict';
  var KEY = 'tokenload-token';
  var page = document.body.getAttribute('data-page');
  var $ = function (id) { return document.getElementById(id); };

  function token() { return sessionStorage.getItem(KEY); }

  function askToken(message) {
    $('content').hidden = true;
    $('token-form').hidden = false;
    $('token-error').textContent = message || '';
  }

  $('token-form').addEventListener('submit', function (e) {
    e.preventDefault();
    sessionStorage.setItem(KEY, $('token').value.trim());
    location.reload();
  });

  function api(method, path, body) {
    var init = { method: method, headers: { 'Authorization': 'Bearer ' + token() } };
    if (body !== undefined) {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    return fetch(path, init).then(function (r) {
      return r.json().then(function (json) {
        if (r.status === 401) {
          sessionStorage.removeItem(KEY);
          askToken('The token was refused; enter the service\'s token.');
        }
        if (!r.ok) { throw new Error(json.error || ('HTTP ' + r.status)); }
        return json;
      });
    });
  }

  function cell(row, text, left) {
    var td = document.createElement('td');
    td.textContent = text === undefined || text === null ? '' : String(text);
    if (left) { td.className = 'l'; }
    row.appendChild(td);
    return td;
  }

  function fixed(v, d) { return typeof v === 'number' ? v.toFixed(d) : ''; }

  function numbers(text, field) {
    return text.split(/[\s,]+/).filter(function (s) { return s !== ''; }).map(function (s) {
      var n = Number(s);
      if (!Number.isInteger(n)) { throw new Error(field + ': \'' + s + '\' is not a whole number'); }
      return n;
    });
  }

  function pairs(text) {
    return text.split(/[\s,]+/).filter(function (s) { return s !== ''; }).map(function (s) {
      var p = s.split(':');
      if (p.length !== 2) { throw new Error('input_output_pairs: \'' + s + '\' is not INPUT:OUTPUT such as 128:128'); }
      return [Number(p[0]), Number(p[1])];
    });
  }

  // ---- the task list and the form that starts a task
  function tasksPage() {
    api('GET', '/api/models').then(function (m) {
      m.models.forEach(function (model) {
        var o = document.createElement('option');
        o.value = model.id;
        o.textContent = model.id + ' — ' + model.name;
        $('f-model').appendChild(o);
      });
    });
    api('GET', '/api/datasets').then(function (d) {
      d.datasets.forEach(function (ds) {
        var o = document.createElement('option');
        o.value = ds.id;
        o.textContent = ds.id + ' — ' + ds.name;
        $('f-dataset').appendChild(o);
      });
    });
    $('new-task').addEventListener('submit', function (e) {
      e.preventDefault();
      $('form-error').textContent = '';
      var body;
      try {
        body = {
          name: $('f-name').value, description: $('f-description').value,
          model_id: Number($('f-model').value), dataset_id: Number($('f-dataset').value),
          num_prompts_list: numbers($('f-prompts').value, 'num_prompts_list'),
          max_concurrency_list: numbers($('f-concurrency').value, 'max_concurrency_list'),
          input_output_pairs: pairs($('f-pairs').value)
        };
      } catch (err) {
        $('form-error').textContent = err.message;
        return;
      }
      api('POST', '/api/performance-eval/batch-tasks/from-script', body)
        .then(function (answer) { location.href = answer.page; })
        .catch(function (err) { $('form-error').textContent = err.message; });
    });
    $('compare-form').addEventListener('submit', function (e) {
      e.preventDefault();
      location.href = '/perf-eval/compare?a=' + encodeURIComponent($('c-a').value)
        + '&b=' + encodeURIComponent($('c-b').value);
    });
    function refresh() {
      api('GET', '/api/performance-eval/tasks?per_page=50').then(function (list) {
        var body = $('tasks').tBodies[0];
        body.textContent = '';
        list.tasks.forEach(function (t) {
          var tr = document.createElement('tr');
          var a = document.createElement('a');
          a.href = '/perf-eval/results/' + t.id;
          a.textContent = t.id;
          cell(tr, '').appendChild(a);
          cell(tr, t.name, true);
          cell(tr, t.status, true);
          cell(tr, t.summary.finished_cells + ' of ' + t.summary.total_cells);
          cell(tr, fixed(100 * t.summary.success_rate, 1) + ' %');
          cell(tr, fixed(t.summary.peak_output_tokens_per_s, 1));
          cell(tr, t.created_at, true);
          body.appendChild(tr);
        });
      }).catch(function () {});
    }
    refresh();
    setInterval(refresh, 2000);
  }

  // ---- one task: progress, pairing, summary, charts and table
  var drawnCells = -1;

  function chartData(task) {
    var finished = task.cells.filter(function (c) { return c.result; });
    var pairNames = [], kinds = [];
    var cells = finished.map(function (c) {
      var r = c.result, l = r.latency;
      var pair = c.input_tokens + '→' + c.output_tokens;
      if (pairNames.indexOf(pair) < 0) { pairNames.push(pair); }
      Object.keys(r.errors || {}).forEach(function (k) { if (kinds.indexOf(k) < 0) { kinds.push(k); } });
      return {
        name: c.name, pair: pair, x: c.concurrency, requests: r.completed + r.failed,
        requestsPerS: r.throughput.requests_per_s, outputTokensPerS: r.throughput.output_tokens_per_s,
        ttftP50: l.ttft_ms.p50, ttftP99: l.ttft_ms.p99, itlP50: l.itl_ms.p50, itlP99: l.itl_ms.p99,
        e2eP50: l.e2e_ms.p50, e2eP99: l.e2e_ms.p99, errors: r.errors || {}
      };
    });
    return { loadLabel: 'concurrency (requests in flight)', pairs: pairNames, cells: cells, errorKinds: kinds };
  }

  function drawCharts(task) {
    var data = chartData(task);
    if (data.cells.length === 0 || data.cells.length === drawnCells) { return; }
    drawnCells = data.cells.length;
    var charts = $('charts');
    charts.textContent = '';
    var grid = document.createElement('div');
    grid.className = 'charts';
    grid.id = 'tokenload-charts'; // matrix-page.js puts its charts here
    charts.appendChild(grid);
    var json = document.createElement('script');
    json.type = 'application/json';
    json.id = 'tokenload-data';
    json.textContent = JSON.stringify(data);
    charts.appendChild(json);
    var draw = document.createElement('script');
    draw.src = '/assets/matrix-page.js?cells=' + drawnCells;
    charts.appendChild(draw);
  }

  function showTask(task) {
    document.title = 'tokenload task ' + task.id;
    $('title').textContent = 'Task ' + task.id + ': ' + task.name;
    $('status').textContent = task.status;
    document.body.setAttribute('data-status', task.status);
    $('message').textContent = task.message && task.message !== task.status ? '— ' + task.message : '';
    var p = task.progress;
    $('progress').value = p.percent;
    $('progress-text').textContent = p.cells_finished + ' of ' + p.cells_total + ' cells'
      + (p.requests_done !== undefined ? ', ' + p.requests_done + ' of ' + p.requests_total + ' requests recorded' : '')
      + (p.current_cell ? ', running ' + p.current_cell : '');
    $('pairing').textContent = task.pairing.text + ' (' + task.pairing.rule + ')';
    var s = task.summary;
    $('summary').textContent = 'Cells: ' + s.finished_cells + ' of ' + s.total_cells + ' finished, '
      + fixed(100 * s.success_rate, 1) + ' % without failures, ' + fixed(100 * s.failure_rate, 1) + ' % with; '
      + 'requests: ' + s.completed_requests + ' completed, ' + s.failed_requests + ' failed; peak '
      + fixed(s.peak_output_tokens_per_s, 1) + ' output tokens/s, ' + fixed(s.peak_requests_per_s, 2) + ' requests/s.';
    $('cancel').hidden = !(task.status === 'queued' || task.status === 'running');
    $('resume').hidden = !(task.status === 'interrupted' || task.status === 'cancelled' || task.status === 'failed');
    var body = $('cells').tBodies[0];
    body.textContent = '';
    task.cells.forEach(function (c) {
      var tr = document.createElement('tr');
      var r = c.result;
      cell(tr, c.name, true);
      cell(tr, c.input_tokens);
      cell(tr, c.output_tokens);
      cell(tr, c.concurrency);
      cell(tr, c.requests + (c.count_carried ? ' (carried)' : ''));
      cell(tr, c.status, true);
      cell(tr, r ? fixed(r.throughput.requests_per_s, 2) : '');
      cell(tr, r ? fixed(r.throughput.output_tokens_per_s, 1) : '');
      cell(tr, r ? fixed(r.latency.ttft_ms.p50, 1) : '');
      cell(tr, r ? fixed(r.latency.ttft_ms.p99, 1) : '');
      cell(tr, r ? fixed(r.latency.itl_ms.p50, 2) : '');
      cell(tr, r ? fixed(r.latency.itl_ms.p99, 2) : '');
      cell(tr, r ? r.failed : '');
      body.appendChild(tr);
    });
    drawCharts(task);
  }

  function taskPage() {
    var id = location.pathname.split('/').pop();
    function refresh() {
      api('GET', '/api/performance-eval/tasks/' + encodeURIComponent(id)).then(function (task) {
        showTask(task);
        if (task.status === 'queued' || task.status === 'running') { setTimeout(refresh, 1000); }
      }).catch(function (err) { $('message').textContent = err.message; });
    }
    function action(name) {
      $('action-error').textContent = '';
      api('POST', '/api/performance-eval/tasks/' + encodeURIComponent(id) + '/' + name)
        .then(function () { setTimeout(refresh, 300); })
        .catch(function (err) { $('action-error').textContent = err.message; });
    }
    $('cancel').addEventListener('click', function () { action('cancel'); });
    $('resume').addEventListener('click', function () { action('resume'); });
    refresh();
  }

  // ---- two tasks side by side
  function comparePage() {
    var q = new URLSearchParams(location.search);
    var a = q.get('a'), b = q.get('b');
    $('title').textContent = 'Task ' + a + ' (A) against task ' + b + ' (B)';
    Promise.all([api('GET', '/api/performance-eval/tasks/' + encodeURIComponent(a)),
      api('GET', '/api/performance-eval/tasks/' + encodeURIComponent(b))]).then(function (both) {
      var ta = both[0], tb = both[1];
      var byName = {};
      tb.cells.forEach(function (c) { byName[c.name] = c; });
      var body = $('compare').tBodies[0];
      function change(x, y) { return x && y ? fixed(100 * (y - x) / x, 1) + ' %' : ''; }
      ta.cells.forEach(function (ca) {
        var cb = byName[ca.name];
        var ra = ca.result, rb = cb && cb.result;
        var tr = document.createElement('tr');
        cell(tr, ca.name, true);
        var oa = ra && ra.throughput.output_tokens_per_s, ob = rb && rb.throughput.output_tokens_per_s;
        cell(tr, fixed(oa, 1));
        cell(tr, fixed(ob, 1));
        cell(tr, change(oa, ob));
        var fa = ra && ra.latency.ttft_ms.p50, fb = rb && rb.latency.ttft_ms.p50;
        cell(tr, fixed(fa, 1));
        cell(tr, fixed(fb, 1));
        cell(tr, change(fa, fb));
        cell(tr, fixed(ra && ra.latency.itl_ms.p50, 2));
        cell(tr, fixed(rb && rb.latency.itl_ms.p50, 2));
        cell(tr, ra ? ra.failed : '');
        cell(tr, rb ? rb.failed : '');
        body.appendChild(tr);
      });
      if (typeof Chart === 'undefined') { return; }
      var palette = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b'];
      var sets = [];
      [[ta, 'A', []], [tb, 'B', [6, 4]]].forEach(function (t) {
        var groups = {};
        t[0].cells.filter(function (c) { return c.result; }).forEach(function (c) {
          var pair = c.input_tokens + '→' + c.output_tokens;
          (groups[pair] = groups[pair] || []).push({ x: c.concurrency, y: c.result.throughput.output_tokens_per_s });
        });
        Object.keys(groups).forEach(function (pair, i) {
          var color = palette[i % palette.length];
          sets.push({ label: t[1] + ' ' + pair, data: groups[pair], borderColor: color, backgroundColor: color,
            showLine: true, borderDash: t[2] });
        });
      });
      new Chart($('chart-compare'), { type: 'scatter', data: { datasets: sets }, options: {
        animation: false, maintainAspectRatio: false,
        scales: { x: { title: { display: true, text: 'concurrency' } }, y: { beginAtZero: true, title: { display: true, text: 'output tokens/s (A solid, B dashed)' } } } } });
      document.documentElement.setAttribute('data-charts-drawn', '1');
    }).catch(function (err) { $('compare-error').textContent = err.message; });
  }

  if (!token()) {
    askToken();
    return;
  }
  $('content').hidden = false;
  ({ tasks: tasksPage, task: taskPage, compare: comparePage })[page]();
}());
