// Appended to a copy of the report by ReportJobIT and run by headless Chromium after the report's own
// scripts: finds text a reader could not read. For every chart, each SVG text box must lie inside the chart's
// box (a label past the edge is cut off, as "target" once was to "tar") and no two text boxes may overlap (a
// legend on an axis name); the page must not scroll sideways. The findings go to <body data-layout>.
(function () {
  var problems = [];
  function box(r) { return { l: r.left, t: r.top, r: r.right, b: r.bottom }; }
  function overlap(a, b) {
    var w = Math.min(a.r, b.r) - Math.max(a.l, b.l), h = Math.min(a.b, b.b) - Math.max(a.t, b.t);
    return w > 1 && h > 1 ? w * h : 0;
  }
  var texts = 0;
  document.querySelectorAll('.chart').forEach(function (chart) {
    var c = box(chart.getBoundingClientRect()), seen = [];
    chart.querySelectorAll('svg text').forEach(function (t) {
      var label = (t.textContent || '').trim();
      var style = window.getComputedStyle(t);
      if (!label || style.display === 'none' || style.visibility === 'hidden' || Number(style.opacity) === 0) { return; }
      var r = t.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) { return; }
      var b = box(r);
      texts++;
      if (b.l < c.l - 1 || b.r > c.r + 1 || b.t < c.t - 1 || b.b > c.b + 1) {
        problems.push(chart.id + ': "' + label + '" reaches outside the chart');
      }
      seen.forEach(function (o) {
        if (overlap(o.b, b) > 0) { problems.push(chart.id + ': "' + label + '" overlaps "' + o.label + '"'); }
      });
      seen.push({ b: b, label: label });
    });
  });
  if (document.documentElement.scrollWidth > window.innerWidth + 1) {
    problems.push('the page is ' + document.documentElement.scrollWidth + ' px wide in a ' + window.innerWidth + ' px window');
  }
  document.body.setAttribute('data-layout', JSON.stringify({ width: window.innerWidth, texts: texts, problems: problems }));
})();
