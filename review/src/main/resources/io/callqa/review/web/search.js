// Search page (and the login page's failure notice). Talks to /api/search; state lives in the URL.
'use strict';

(function () {
  if (document.body.classList.contains('login')) {
    if (new URLSearchParams(location.search).has('failed')) {
      document.getElementById('failed').hidden = false;
    }
    return;
  }

  const form = document.getElementById('search');
  const results = document.getElementById('results');
  const facets = document.getElementById('facets');
  const total = document.getElementById('total');
  const error = document.getElementById('error');
  const prev = document.getElementById('prev');
  const next = document.getElementById('next');
  const LIMIT = 20;
  let offset = 0;
  let role = 'reviewer';

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }

  function params() {
    const p = new URLSearchParams();
    for (const [k, v] of new FormData(form).entries()) {
      if (String(v).trim() !== '') p.set(k, String(v).trim());
    }
    p.set('offset', String(offset));
    p.set('limit', String(LIMIT));
    return p;
  }

  function fromUrl() {
    const p = new URLSearchParams(location.search);
    for (const [k, v] of p.entries()) {
      const input = form.elements.namedItem(k);
      if (input) input.value = v;
    }
    offset = parseInt(p.get('offset') || '0', 10);
    return p.has('q') || p.toString() !== '';
  }

  function seconds(s) {
    if (s === null || s === undefined) return '';
    const m = Math.floor(s / 60);
    return m + ':' + String(Math.floor(s % 60)).padStart(2, '0');
  }

  function link(id, h) {
    const q = new URLSearchParams({ id: id });
    if (h && h.start_s !== null) q.set('t', String(h.start_s));
    if (h && h.line_no !== null) q.set('line', String(h.line_no));
    return '/call.html?' + q.toString();
  }

  function hitFacts(h) {
    const div = el('div', 'facts');
    const parts = [];
    if (h.duration_s !== null && h.duration_s !== undefined) parts.push(seconds(h.duration_s) + ' long');
    if (h.csat !== null && h.csat !== undefined) parts.push('CSAT ' + h.csat + '/5');
    if (h.qa_score !== null && h.qa_score !== undefined) parts.push('QA ' + h.qa_score);
    div.appendChild(el('span', null, parts.join(' · ') + (parts.length ? ' ' : '')));
    for (const c of h.categories || []) div.appendChild(el('span', 'chip', c.replaceAll('_', ' ')));
    return div;
  }

  function renderHit(h) {
    const li = el('li', 'hit');
    li.dataset.id = h.call_id;
    const meta = el('div', 'meta');
    meta.textContent = [h.call_id, h.day, h.kind, h.site, h.queue, h.agent, h.language]
      .filter(Boolean).join(' · ');
    li.appendChild(meta);
    li.appendChild(hitFacts(h));
    const p = el('p', 'snippet');
    if (h.speaker) {
      p.appendChild(el('span', 'speaker ' + h.speaker, h.speaker + (h.start_s !== null ? ' @ ' + seconds(h.start_s) : '') + ' '));
    }
    if (h.snippet !== null) {
      // The server marks matches with <mark> and escapes everything else.
      const s = el('span', 'text');
      s.innerHTML = h.snippet;
      p.appendChild(s);
    } else {
      p.appendChild(el('span', 'muted', '(transcript hidden for your role)'));
    }
    li.appendChild(p);
    if (role === 'reviewer') {
      const a = el('a', 'open', 'Open' + (h.start_s !== null ? ' at ' + seconds(h.start_s) : ''));
      a.href = link(h.call_id, h);
      li.appendChild(a);
    }
    if (h.same_line && h.same_line.length) {
      // Chats whose best line is this same text, collapsed into this hit.
      const d = el('details', 'same');
      d.appendChild(el('summary', null, 'the same line in ' + h.same_line.length + ' more chat' +
        (h.same_line.length === 1 ? '' : 's') + ' (' + h.count + ' in all)'));
      for (const other of h.same_line) {
        if (role === 'reviewer') {
          const a = el('a', 'same-link', other);
          a.href = link(other, null);
          d.appendChild(a);
          d.appendChild(document.createTextNode(' '));
        } else {
          d.appendChild(el('span', null, other + ' '));
        }
      }
      li.appendChild(d);
    }
    return li;
  }

  const FACET_LABELS = {
    site: 'site 站点', queue: 'queue 队列', agent_id: 'agent 坐席', category: 'category 类别',
    kind: 'kind 类型', language: 'language 语言', day: 'day 日期',
  };

  /** Narrows the search to a facet's value through the form's own filter. */
  function pick(dim, value) {
    if (dim === 'day') {
      form.elements.namedItem('from').value = value;
      form.elements.namedItem('to').value = value;
    } else {
      form.elements.namedItem(dim === 'agent_id' ? 'agent' : dim).value = value;
    }
    offset = 0;
    run();
  }

  function renderFacets(f) {
    facets.replaceChildren();
    for (const [dim, counts] of Object.entries(f)) {
      const entries = Object.entries(counts);
      if (entries.length === 0) continue;
      const h = el('h3', null, FACET_LABELS[dim] || dim);
      facets.appendChild(h);
      const ul = el('ul', 'facet');
      ul.dataset.dim = dim;
      for (const [value, n] of entries) {
        const li = el('li');
        const b = el('button', null, (dim === 'category' ? value.replaceAll('_', ' ') : value) + ' (' + n + ')');
        b.type = 'button';
        b.dataset.value = value;
        b.addEventListener('click', () => pick(dim, value));
        li.appendChild(b);
        ul.appendChild(li);
      }
      facets.appendChild(ul);
    }
  }

  async function run() {
    const p = params();
    history.replaceState(null, '', '/?' + p.toString());
    error.hidden = true;
    const r = await fetch('/api/search?' + p.toString(), { credentials: 'same-origin' });
    if (r.status === 401) { location.href = '/login'; return; }
    const body = await r.json();
    if (!r.ok) {
      error.textContent = body.error;
      error.hidden = false;
      results.replaceChildren();
      total.textContent = '';
      return;
    }
    total.textContent = body.total + ' conversations match (' + body.took_ms + ' ms)';
    results.replaceChildren(...body.hits.map(renderHit));
    results.start = offset + 1;
    renderFacets(body.facets);
    prev.hidden = offset === 0;
    next.hidden = !body.more;
  }

  form.addEventListener('submit', (e) => { e.preventDefault(); offset = 0; run(); });
  prev.addEventListener('click', () => { offset = Math.max(0, offset - LIMIT); run(); });
  next.addEventListener('click', () => { offset += LIMIT; run(); });

  fetch('/api/me', { credentials: 'same-origin' }).then((r) => r.json()).then((me) => {
    document.querySelectorAll('input.csrf').forEach((i) => { i.value = me.csrf; });
    role = me.role;
    document.getElementById('me').textContent = me.user + ' (' + me.role + ')';
    if (fromUrl()) run();
  });
})();
