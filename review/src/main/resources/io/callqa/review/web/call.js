// Conversation page: the conversation by speaker, its facts in the centre's local time, every scorecard
// point with its evidence, a timeline under the player, and the recording from ?t= seconds.
'use strict';

(function () {
  const q = new URLSearchParams(location.search);
  const id = q.get('id');
  const start = q.has('t') ? parseFloat(q.get('t')) : null;
  const line = q.has('line') ? parseInt(q.get('line'), 10) : null;
  let csrf = '';
  let conv = null;
  const player = document.getElementById('player');
  const lines = document.getElementById('lines');
  const error = document.getElementById('error');

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }

  function clock(s) {
    const m = Math.floor(s / 60);
    return m + ':' + String(Math.floor(s % 60)).padStart(2, '0');
  }

  function mark(no) {
    for (const li of lines.children) {
      li.classList.toggle('current', li.dataset.no === String(no));
    }
    const cur = lines.querySelector('.current');
    if (cur) cur.scrollIntoView({ block: 'center' });
  }

  function seek(s) {
    if (player.readyState >= 1) {
      player.currentTime = s;
    } else {
      player.addEventListener('loadedmetadata', () => { player.currentTime = s; }, { once: true });
    }
  }

  /** Moves to a line and/or a second: marks the line, seeks the player when there is audio. */
  function go(lineNo, s) {
    if (lineNo !== null && lineNo !== undefined && lineNo >= 0) mark(lineNo);
    else if (s !== null && s !== undefined) {
      // The line being said at that second, or the next one.
      const l = conv.lines.find((x) => x.start_s !== null && x.end_s >= s);
      if (l) mark(l.no);
    }
    if (s !== null && s !== undefined && conv.audio) seek(s);
  }

  function facts(c) {
    const table = document.getElementById('facts');
    for (const f of c.facts) {
      const tr = el('tr');
      tr.dataset.key = f.key;
      tr.appendChild(el('td', null, f.label));
      tr.appendChild(el('td', null, f.value));
      table.appendChild(tr);
    }
    const ul = document.getElementById('complaints');
    for (const t of c.complaints) {
      ul.appendChild(el('li', 'complaint',
        [t.ticket_id, t.status, t.category, t.severity, t.breached ? 'BREACHED 已超时' : null,
          t.opened_local ? 'opened ' + t.opened_local : null, t.deadline_local ? 'due ' + t.deadline_local : null, t.link]
          .filter(Boolean).join(' · ')));
    }
    if (!ul.children.length) ul.appendChild(el('li', 'muted', 'none linked'));
  }

  function scorecards(c) {
    const qa = document.getElementById('qa');
    for (const s of c.scorecards) {
      const head = el('p', 'qa-score');
      head.textContent = s.scorecard + ': ' + s.score + ' ' +
        (s.auto_failed ? '(AUTO-FAIL 一票否决)' : s.passed ? '(pass 合格)' : '(fail 不合格)');
      qa.appendChild(head);
      const ul = el('ul', 'points');
      for (const p of s.points) {
        const state = p.met === true ? 'met' : p.met === false ? 'missed' : 'na';
        const li = el('li', 'point ' + state);
        li.dataset.id = p.id;
        const mark = p.met === true ? '✓' : p.met === false ? '✗' : '–';
        const weight = p.met === null || p.met === undefined
          ? 'n/a' : (p.points ?? 0) + ' / ' + (p.max_points ?? 0);
        li.appendChild(el('span', 'state', mark + ' '));
        li.appendChild(el('span', 'label', p.label + (p.auto_fail ? ' (auto-fail)' : '')));
        li.appendChild(el('span', 'weight', weight));
        li.appendChild(el('div', 'reason muted', p.reason));
        if (p.evidence) {
          const b = el('button', 'evidence',
            '▶ ' + p.evidence.what + (p.evidence.start_s !== null ? ' @ ' + clock(p.evidence.start_s) : ''));
          b.type = 'button';
          b.addEventListener('click', () => go(p.evidence.line_no, p.evidence.start_s));
          li.appendChild(b);
        }
        ul.appendChild(li);
      }
      qa.appendChild(ul);
    }
    if (!qa.children.length) qa.appendChild(el('p', 'muted', 'not scored'));
  }

  function chips(c) {
    const cats = document.getElementById('categories');
    for (const h of c.categories) {
      const li = el('li');
      const b = el('button', 'category chip', h.category.replaceAll('_', ' ') +
        (h.start_s !== null && h.start_s !== undefined ? ' @ ' + clock(h.start_s) : ''));
      b.type = 'button';
      b.dataset.line = String(h.line_no);
      b.addEventListener('click', () => go(h.line_no, h.start_s));
      li.appendChild(b);
      cats.appendChild(li);
    }
  }

  function timeline(c) {
    const t = c.timeline;
    if (!t || !(t.duration_s > 0)) return;
    const box = document.getElementById('timeline');
    box.hidden = false;
    const pct = (s) => (100 * s / t.duration_s) + '%';
    function block(lane, cls, from, to, title) {
      const b = el('div', 'span ' + cls);
      b.style.left = pct(from);
      b.style.width = pct(Math.max(to - from, t.duration_s / 400));
      b.title = title + ' ' + clock(from) + '–' + clock(to);
      b.dataset.from = String(from);
      b.addEventListener('click', (e) => { e.stopPropagation(); go(null, from); });
      box.querySelector('[data-lane="' + lane + '"] .track').appendChild(b);
    }
    for (const [who, spans] of Object.entries(t.talk)) {
      const lane = who === 'CUSTOMER' ? 'CUSTOMER' : 'AGENT';
      for (const [a, b] of spans) block(lane, 'talk ' + who, a, b, who.toLowerCase() + ' talks');
    }
    for (const [a, b] of t.silences) block('EVENTS', 'silence', a, b, 'silence ' + Math.round(b - a) + ' s');
    for (const [a, b] of t.overlaps) block('EVENTS', 'overlap', a, b, 'talk-over');
    for (const qt of t.quarters) {
      for (const who of ['agent', 'customer']) {
        const v = qt[who];
        if (v === null || v === undefined) continue;
        const b = el('div', 'span sentiment ' + who + ' ' + (v > 0.1 ? 'pos' : v < -0.1 ? 'neg' : 'neu'));
        b.style.left = pct(qt.from_s);
        b.style.width = pct(qt.to_s - qt.from_s);
        b.textContent = who[0].toUpperCase() + ' ' + (v > 0 ? '+' : '') + v.toFixed(2);
        b.title = who + ' sentiment in quarter ' + qt.no + ': ' + v.toFixed(2);
        b.dataset.quarter = String(qt.no);
        b.addEventListener('click', () => go(null, qt.from_s));
        box.querySelector('[data-lane="SENTIMENT"] .track').appendChild(b);
      }
    }
    const cursor = document.getElementById('cursor');
    player.addEventListener('timeupdate', () => {
      cursor.style.left = 'calc(9em + (100% - 9em) * ' + (player.currentTime / t.duration_s) + ')';
    });
  }

  document.getElementById('review').addEventListener('submit', async (e) => {
    e.preventDefault();
    const r = await fetch('/api/calls/' + encodeURIComponent(id) + '/review', {
      method: 'POST', credentials: 'same-origin', body: new URLSearchParams(new FormData(e.target)),
      headers: { 'X-CSRF-Token': csrf },
    });
    const body = await r.json();
    const saved = document.getElementById('saved');
    saved.textContent = r.ok ? 'Saved; it reaches qa_manual_scores with the next run.' : body.error;
    saved.hidden = false;
  });

  async function load() {
    const r = await fetch('/api/calls/' + encodeURIComponent(id), { credentials: 'same-origin' });
    if (r.status === 401) { location.href = '/login'; return; }
    const c = await r.json();
    if (!r.ok) { error.textContent = c.error; error.hidden = false; return; }
    conv = c;
    document.getElementById('title').textContent =
      c.id + ' · ' + c.started_local + ' (' + c.time_zone + ')' + (c.site ? ' · ' + c.site : '');
    document.getElementById('back').href = document.referrer && document.referrer.includes('/?') ? document.referrer : '/';
    facts(c);
    scorecards(c);
    chips(c);
    for (const l of c.lines) {
      const li = el('li', 'line ' + l.speaker);
      li.dataset.no = String(l.no);
      if (l.start_s !== null) li.dataset.start = String(l.start_s);
      const head = el('div');
      head.appendChild(el('span', 'speaker ' + l.speaker, l.speaker));
      if (l.start_s !== null) head.appendChild(el('span', 'time', ' ' + clock(l.start_s) + '–' + clock(l.end_s)));
      li.appendChild(head);
      li.appendChild(el('div', 'text', l.text));
      li.addEventListener('click', () => {
        mark(l.no);
        if (l.start_s !== null && c.audio) { seek(l.start_s); player.play().catch(() => {}); }
      });
      lines.appendChild(li);
    }
    const audioNote = document.getElementById('audionote');
    if (c.audio) {
      player.hidden = false;
      player.src = '/api/calls/' + encodeURIComponent(id) + '/audio';
      if (start !== null) seek(start);
      const n = c.audio_silenced_spans || 0;
      audioNote.textContent = 'Redacted recording: ' + (n === 0 ? 'no read-out number found, nothing silenced.'
        : n + (n === 1 ? ' read-out number' : ' read-out numbers') + ' silenced, as masked in the transcript.');
      audioNote.hidden = false;
    } else {
      const none = document.getElementById('noaudio');
      if (c.audio_note) none.textContent = 'No recording to play: ' + c.audio_note + '.';
      none.hidden = false;
    }
    timeline(c);
    if (line !== null) mark(line);
    player.dataset.ready = 'true';
  }

  fetch('/api/me', { credentials: 'same-origin' }).then((r) => r.json()).then((me) => {
    csrf = me.csrf;
    document.querySelectorAll('input.csrf').forEach((i) => { i.value = me.csrf; });
    document.getElementById('me').textContent = me.user + ' (' + me.role + ')';
  });
  load();
})();
