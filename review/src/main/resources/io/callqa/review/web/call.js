// Conversation page: the whole conversation by speaker, call facts, and the recording from ?t= seconds.
'use strict';

(function () {
  const q = new URLSearchParams(location.search);
  const id = q.get('id');
  const start = q.has('t') ? parseFloat(q.get('t')) : null;
  const line = q.has('line') ? parseInt(q.get('line'), 10) : null;
  let csrf = '';
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
    return m + ':' + String((s % 60).toFixed(1)).padStart(4, '0');
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

  function facts(c) {
    const table = document.getElementById('facts');
    const rows = [
      ['id', c.id], ['kind', c.kind], ['day', c.day], ['started', c.started_at], ['site', c.site],
      ['queue', c.queue], ['agent', c.agent], ['segment', c.segment], ['language', c.language],
      ['channel', c.channel], ['CSAT', c.csat], ['handle s', c.handle_s],
      ['confidence', c.confidence === null ? null : c.confidence.toFixed(2)],
    ];
    for (const [k, v] of Object.entries(c.facts)) {
      if (!['complaints', 'qa_scores', 'audio_note', 'audio_silenced_spans'].includes(k)) rows.push([k.replaceAll('_', ' '), v]);
    }
    for (const [k, v] of rows) {
      if (v === null || v === undefined) continue;
      const tr = el('tr');
      tr.appendChild(el('td', null, k));
      tr.appendChild(el('td', null, typeof v === 'number' ? String(Math.round(v * 100) / 100) : String(v)));
      table.appendChild(tr);
    }
    const ul = document.getElementById('complaints');
    for (const t of c.facts.complaints || []) {
      ul.appendChild(el('li', 'complaint',
        [t.ticket_id, t.status, t.category, t.severity, t.breached ? 'BREACHED' : null, t.link]
          .filter(Boolean).join(' · ')));
    }
    if (!ul.children.length) ul.appendChild(el('li', 'muted', 'none linked'));
    const qa = document.getElementById('qa');
    for (const s of c.facts.qa_scores || []) {
      qa.appendChild(el('li', 'qa-score', s.scorecard + ': ' + s.score + (s.auto_failed ? ' (AUTO-FAIL)' : s.passed ? ' (pass)' : ' (fail)')));
      for (const p of s.points || []) {
        if (p.met === false) qa.appendChild(el('li', 'muted', '✗ ' + p.label + ': ' + p.reason));
      }
    }
    if (!qa.children.length) qa.appendChild(el('li', 'muted', 'not scored'));
    const cats = document.getElementById('categories');
    for (const h of c.categories) {
      const li = el('li');
      const b = el('button', 'category', h.category.replaceAll('_', ' ') + (h.start_s !== null && h.start_s !== undefined ? ' @ ' + clock(h.start_s) : ''));
      b.type = 'button';
      b.dataset.line = String(h.line_no);
      b.addEventListener('click', () => {
        mark(h.line_no);
        if (h.start_s !== null && h.start_s !== undefined && c.audio) seek(h.start_s);
      });
      li.appendChild(b);
      cats.appendChild(li);
    }
    if (!cats.children.length) cats.appendChild(el('li', 'muted', 'none'));
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
    document.getElementById('title').textContent = c.id + ' · ' + c.day + (c.site ? ' · ' + c.site : '');
    document.getElementById('back').href = document.referrer && document.referrer.includes('/?') ? document.referrer : '/';
    facts(c);
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
      const n = c.facts.audio_silenced_spans || 0;
      audioNote.textContent = 'Redacted recording: ' + (n === 0 ? 'no read-out number found, nothing silenced.'
        : n + (n === 1 ? ' read-out number' : ' read-out numbers') + ' silenced, as masked in the transcript.');
      audioNote.hidden = false;
    } else {
      const none = document.getElementById('noaudio');
      if (c.facts.audio_note) none.textContent = 'No recording to play: ' + c.facts.audio_note + '.';
      none.hidden = false;
    }
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
