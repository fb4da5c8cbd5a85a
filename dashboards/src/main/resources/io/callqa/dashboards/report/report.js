// Draws the report's charts from the embedded JSON with the inlined Apache ECharts. Records how many
// charts it drew, and any script error, on <body> (data-charts, data-errors) for the browser test.
(function () {
  var errors = [];
  window.addEventListener('error', function (e) {
    errors.push(String(e.message));
    document.body.setAttribute('data-errors', errors.join(' | '));
  });
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var drawn = 0;

  function col(table, key) { return table.columns.indexOf(key); }
  function pct(v) { return v == null ? '–' : (v * 100).toFixed(1) + '%'; }
  function num(v, d) { return v == null ? '–' : Number(v).toFixed(d); }
  function draw(id, option) {
    var el = document.getElementById(id);
    if (!el) { return; }
    try {
      var chart = echarts.init(el, null, { renderer: 'canvas' });
      option.animation = false;
      chart.setOption(option);
      window.addEventListener('resize', function () { chart.resize(); });
      drawn++;
    } catch (e) {
      errors.push(id + ': ' + e.message);
      document.body.setAttribute('data-errors', errors.join(' | '));
    }
  }
  function days(table) {
    var i = col(table, 'day'), seen = {}, out = [];
    table.rows.forEach(function (r) { if (!seen[r[i]]) { seen[r[i]] = true; out.push(r[i]); } });
    return out.sort();
  }
  function bySite(table, key) {
    var d = days(table), iDay = col(table, 'day'), iSite = col(table, 'site'), iVal = col(table, key), sites = {};
    table.rows.forEach(function (r) {
      var s = sites[r[iSite]] || (sites[r[iSite]] = d.map(function () { return null; }));
      s[d.indexOf(r[iDay])] = r[iVal];
    });
    return { days: d, series: Object.keys(sites).sort().map(function (name) { return { name: name, data: sites[name] }; }) };
  }
  function siteLines(id, key, title, percent, target) {
    var s = bySite(data.daily, key);
    var series = s.series.map(function (x) {
      return { name: x.name, type: 'line', data: x.data, connectNulls: false, symbolSize: 6 };
    });
    if (target != null && series.length) {
      series[0].markLine = { symbol: 'none', lineStyle: { type: 'dashed', color: '#c62828' },
        label: { formatter: 'target 目标 ' + (percent ? pct(target) : target) }, data: [{ yAxis: target }] };
    }
    draw(id, {
      title: { text: title, textStyle: { fontSize: 14 } },
      tooltip: { trigger: 'axis', valueFormatter: function (v) { return percent ? pct(v) : num(v, 1); } },
      legend: { top: 24 }, grid: { top: 64, left: 56, right: 20, bottom: 30 },
      xAxis: { type: 'category', data: s.days },
      yAxis: { type: 'value', scale: true, axisLabel: { formatter: function (v) { return percent ? pct(v) : v; } } },
      series: series
    });
  }

  siteLines('chart-service-level', 'service_level', 'Service level by site 各站点服务水平', true, data.targets.service_level);
  siteLines('chart-asa', 'asa_s', 'ASA by site (s) 平均应答时长', false, data.targets.asa_s);
  siteLines('chart-abandon', 'abandon_rate', 'Abandonment by site 放弃率', true, data.targets.abandon_rate);
  siteLines('chart-csat', 'csat', 'CSAT by site 满意度', true, data.targets.csat);
  siteLines('chart-nps', 'nps', 'NPS by site 净推荐值', false, data.targets.nps);

  (function () {
    var t = data.sites, names = t.rows.map(function (r) { return r[col(t, 'site')]; });
    var keys = [['service_level', 'Service level 服务水平'], ['csat', 'CSAT 满意度'], ['fcr', 'FCR 首次解决率'],
                ['ivr_containment', 'IVR containment IVR 自助率']];
    draw('chart-sites', {
      title: { text: 'Sites side by side 站点对比', textStyle: { fontSize: 14 } },
      tooltip: { trigger: 'axis', valueFormatter: pct }, legend: { top: 24 },
      grid: { top: 64, left: 56, right: 20, bottom: 30 },
      xAxis: { type: 'category', data: names },
      yAxis: { type: 'value', max: 1, axisLabel: { formatter: pct } },
      series: keys.map(function (k) {
        return { name: k[1], type: 'bar', data: t.rows.map(function (r) { return r[col(t, k[0])]; }) };
      })
    });
  })();

  (function () {
    var t = data.complaintDaily, d = t.rows.map(function (r) { return r[col(t, 'day')]; });
    function values(k) { return t.rows.map(function (r) { return r[col(t, k)]; }); }
    draw('chart-complaints', {
      title: { text: 'Complaints by day 每日投诉', textStyle: { fontSize: 14 } },
      tooltip: { trigger: 'axis' }, legend: { top: 24 }, grid: { top: 64, left: 56, right: 56, bottom: 30 },
      xAxis: { type: 'category', data: d },
      yAxis: [{ type: 'value', name: 'tickets 件' }, { type: 'value', name: 'backlog 积压' }],
      series: [
        { name: 'Opened 新增', type: 'bar', data: values('opened') },
        { name: 'Resolved 办结', type: 'bar', data: values('resolved') },
        { name: 'Breached 超时', type: 'bar', data: values('breached') },
        { name: 'Backlog 积压', type: 'line', yAxisIndex: 1, data: values('backlog') }
      ]
    });
  })();

  (function () {
    var t = data.breaches, totals = {};
    t.rows.forEach(function (r) {
      var c = r[col(t, 'category')];
      totals[c] = (totals[c] || 0) + r[col(t, 'breached')];
    });
    var cats = Object.keys(totals).sort(function (a, b) { return totals[b] - totals[a]; });
    draw('chart-breaches', {
      title: { text: 'Breaches by category 各类别超时', textStyle: { fontSize: 14 } },
      tooltip: { trigger: 'axis' }, grid: { top: 40, left: 56, right: 20, bottom: 60 },
      xAxis: { type: 'category', data: cats, axisLabel: { rotate: 30 } }, yAxis: { type: 'value' },
      series: [{ name: 'Breaches 超时', type: 'bar', data: cats.map(function (c) { return totals[c]; }) }]
    });
  })();

  (function () {
    var t = data.categories, rows = t.rows.slice().reverse();
    draw('chart-categories', {
      title: { text: 'Conversations by category 各主题会话数', textStyle: { fontSize: 14 } },
      tooltip: { trigger: 'axis' }, grid: { top: 40, left: 160, right: 30, bottom: 30 },
      xAxis: { type: 'value' },
      yAxis: { type: 'category', data: rows.map(function (r) { return r[col(t, 'category')]; }) },
      series: [{ name: 'Conversations 会话', type: 'bar', data: rows.map(function (r) { return r[col(t, 'conversations')]; }) }]
    });
  })();

  document.body.setAttribute('data-charts', String(drawn));
  document.body.setAttribute('data-errors', errors.join(' | '));
})();
