// Draws the report's charts from the embedded JSON with the inlined Apache ECharts. Records how many
// charts it drew, and any script error, on <body> (data-charts, data-errors) for the browser test.
//
// Layout rules that keep every label readable from 800 to 1600 px wide: charts draw as SVG (text stays text,
// sharp in print); legends sit on one row under the title (a scroll legend, whose hidden page the browser test counts as a fault), and the plot starts below them; axis
// labels are kept inside the chart (containLabel); a target line's label sits inside the plot above the line's
// end, never past the edge; a chart with nothing to show says so in both languages instead of an empty frame.
(function () {
  var errors = [];
  window.addEventListener('error', function (e) {
    errors.push(String(e.message));
    document.body.setAttribute('data-errors', errors.join(' | '));
  });
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var drawn = 0;
  var EMPTY = 'No data in this period 本期无数据';

  function col(table, key) { return table.columns.indexOf(key); }
  function pct(v) { return v == null ? '–' : (v * 100).toFixed(1) + '%'; }
  function num(v, d) { return v == null ? '–' : Number(v).toFixed(d); }
  function title(text) { return { text: text, left: 8, top: 6, textStyle: { fontSize: 14 } }; }
  function legend() { return { type: 'scroll', top: 30, left: 8, right: 8, itemGap: 8, itemWidth: 18 }; }
  // Room for the title and the legend row above the plot, axis names included.
  function grid(extra) {
    var g = { top: 84, left: 12, right: 24, bottom: 12, containLabel: true };
    for (var k in (extra || {})) { g[k] = extra[k]; }
    return g;
  }
  function targetLine(value, percent) {
    return { symbol: 'none', silent: true, lineStyle: { type: 'dashed', color: '#c62828' },
      label: { position: 'insideEndTop', color: '#c62828', formatter: 'target 目标 ' + (percent ? pct(value) : value) },
      data: [{ yAxis: value }] };
  }
  function draw(id, option, hasData) {
    var el = document.getElementById(id);
    if (!el) { return; }
    try {
      if (!hasData) {
        el.classList.add('empty');
        el.innerHTML = '<div class="chart-title"></div><div class="no-data">' + EMPTY + '</div>';
        el.firstChild.textContent = option.title.text;
        drawn++;
        return;
      }
      var chart = echarts.init(el, null, { renderer: 'svg' });
      option.animation = false;
      chart.setOption(option);
      window.addEventListener('resize', function () { chart.resize(); });
      drawn++;
    } catch (e) {
      errors.push(id + ': ' + e.message);
      document.body.setAttribute('data-errors', errors.join(' | '));
    }
  }
  // The distinct values of a column, sorted (days, half-hours).
  function distinct(table, key) {
    var i = col(table, key), seen = {}, out = [];
    table.rows.forEach(function (r) { if (!seen[r[i]]) { seen[r[i]] = true; out.push(r[i]); } });
    return out.sort();
  }
  function bySite(table, xKey, key, xs) {
    var iX = col(table, xKey), iSite = col(table, 'site'), iVal = col(table, key), sites = {};
    table.rows.forEach(function (r) {
      var s = sites[r[iSite]] || (sites[r[iSite]] = xs.map(function () { return null; }));
      s[xs.indexOf(r[iX])] = r[iVal];
    });
    return Object.keys(sites).sort().map(function (name) { return { name: name, data: sites[name] }; });
  }
  function anyValue(series) {
    return series.some(function (s) { return s.data.some(function (v) { return v != null; }); });
  }
  function siteLines(id, key, text, percent, target) {
    var d = distinct(data.daily, 'day'), s = bySite(data.daily, 'day', key, d);
    var series = s.map(function (x) {
      return { name: x.name, type: 'line', data: x.data, connectNulls: false, symbolSize: 6 };
    });
    if (target != null && series.length) {
      series[0].markLine = targetLine(target, percent);
    }
    draw(id, {
      title: title(text),
      tooltip: { trigger: 'axis', valueFormatter: function (v) { return percent ? pct(v) : num(v, 1); } },
      legend: legend(), grid: grid(),
      xAxis: { type: 'category', data: d },
      yAxis: { type: 'value', scale: true, axisLabel: { formatter: function (v) { return percent ? pct(v) : v; } } },
      series: series
    }, anyValue(s));
  }

  // Intraday: service level by half-hour and site against the target, offered calls as grey bars behind.
  (function () {
    var t = data.intraday, iT = col(t, 'interval_time'), halfHours = distinct(t, 'interval_time');
    var sl = bySite(t, 'interval_time', 'service_level', halfHours);
    var offered = halfHours.map(function () { return 0; });
    t.rows.forEach(function (r) { offered[halfHours.indexOf(r[iT])] += r[col(t, 'offered')] || 0; });
    var series = [{ name: 'Offered 进线量', type: 'bar', yAxisIndex: 1, data: offered, barCategoryGap: '20%',
      itemStyle: { color: '#d5dce4' }, z: 1 }];
    sl.forEach(function (x, i) {
      var line = { name: x.name, type: 'line', data: x.data, connectNulls: false, symbolSize: 5, z: 3 };
      if (i === 0 && data.targets.service_level != null) { line.markLine = targetLine(data.targets.service_level, true); }
      series.push(line);
    });
    draw('chart-intraday', {
      title: title('Service level by half-hour and site 各站点半小时服务水平'),
      tooltip: { trigger: 'axis' },
      legend: legend(), grid: grid(),
      xAxis: { type: 'category', data: halfHours, axisLabel: { hideOverlap: true } },
      yAxis: [{ type: 'value', min: 0, max: 1, axisLabel: { formatter: pct } },
              { type: 'value', splitLine: { show: false } }],
      series: series
    }, anyValue(sl));
  })();

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
      title: title('Sites side by side 站点对比'),
      tooltip: { trigger: 'axis', valueFormatter: pct }, legend: legend(), grid: grid(),
      xAxis: { type: 'category', data: names },
      yAxis: { type: 'value', max: 1, axisLabel: { formatter: pct } },
      series: keys.map(function (k) {
        return { name: k[1], type: 'bar', data: t.rows.map(function (r) { return r[col(t, k[0])]; }) };
      })
    }, t.rows.length > 0);
  })();

  (function () {
    var t = data.complaintDaily, d = t.rows.map(function (r) { return r[col(t, 'day')]; });
    function values(k) { return t.rows.map(function (r) { return r[col(t, k)]; }); }
    // Axis names sit between the legend row and the plot, each aligned to its own side so that neither
    // reaches past the chart's edge.
    draw('chart-complaints', {
      title: title('Complaints by day 每日投诉'),
      tooltip: { trigger: 'axis' }, legend: legend(), grid: grid(),
      xAxis: { type: 'category', data: d },
      yAxis: [{ type: 'value', minInterval: 1, name: 'tickets 件', nameTextStyle: { align: 'left' } },
              { type: 'value', minInterval: 1, name: 'backlog 积压', nameTextStyle: { align: 'right' },
                splitLine: { show: false } }],
      series: [
        { name: 'Opened 新增', type: 'bar', data: values('opened') },
        { name: 'Resolved 办结', type: 'bar', data: values('resolved') },
        { name: 'Breached 超时', type: 'bar', data: values('breached') },
        { name: 'Backlog 积压', type: 'line', yAxisIndex: 1, data: values('backlog') }
      ]
    }, t.rows.length > 0);
  })();

  (function () {
    var t = data.breaches, totals = {};
    t.rows.forEach(function (r) {
      var c = r[col(t, 'category')];
      totals[c] = (totals[c] || 0) + r[col(t, 'breached')];
    });
    var cats = Object.keys(totals).sort(function (a, b) { return totals[b] - totals[a]; });
    draw('chart-breaches', {
      title: title('Breaches by category 各类别超时'),
      tooltip: { trigger: 'axis' }, grid: grid({ top: 44 }),
      xAxis: { type: 'category', data: cats, axisLabel: { rotate: 30, hideOverlap: true } },
      yAxis: { type: 'value', minInterval: 1 },
      series: [{ name: 'Breaches 超时', type: 'bar', data: cats.map(function (c) { return totals[c]; }) }]
    }, cats.length > 0);
  })();

  (function () {
    var t = data.categories, rows = t.rows.slice().reverse();
    draw('chart-categories', {
      title: title('Conversations by category 各主题会话数'),
      tooltip: { trigger: 'axis' }, grid: grid({ top: 44 }),
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', data: rows.map(function (r) { return r[col(t, 'category')]; }) },
      series: [{ name: 'Conversations 会话', type: 'bar', data: rows.map(function (r) { return r[col(t, 'conversations')]; }) }]
    }, rows.length > 0);
  })();

  document.body.setAttribute('data-charts', String(drawn));
  document.body.setAttribute('data-errors', errors.join(' | '));
})();
