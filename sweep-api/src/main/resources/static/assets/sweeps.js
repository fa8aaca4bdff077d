// The sweep list: every sweep with its progress, refreshed every few seconds.
'use strict';

(() => {
  const { api, el, badge, progress } = Sweep;
  const body = document.querySelector('#sweeps tbody');

  async function refresh() {
    const error = document.getElementById('error');
    try {
      const answer = await api('/api/sweeps');
      const sweeps = Array.isArray(answer) ? answer : answer.items || [];
      document.getElementById('empty').hidden = sweeps.length > 0;
      error.hidden = true;
      body.replaceChildren(...sweeps.map(row));
    } catch (e) {
      error.hidden = false;
      error.textContent = `Could not load sweeps: ${e.message}`;
    }
  }

  function row(s) {
    const counts = s.counts || {};
    const p = s.progress || {};
    const link = `/sweeps/${s.id}`;
    return el('tr', { class: 'clickable', 'data-sweep': s.id, onclick: () => { location.href = link; } },
      el('td', { class: 'num' }, s.id),
      el('td', {}, el('a', { href: link }, s.name)),
      el('td', {}, badge(s.status)),
      el('td', {}, s.metric ? `${s.metric.name} (${s.metric.goal})` : ''),
      el('td', { title: `${p.epochsDone ?? 0} / ${p.epochsPlanned ?? 0} epochs` }, progress(p.fraction)),
      el('td', { class: 'num' }, s.trials),
      el('td', { class: 'num' }, counts.SUCCEEDED ?? 0),
      el('td', { class: 'num' }, counts.RUNNING ?? 0),
      el('td', { class: 'num' }, counts.FAILED ?? 0),
      el('td', { class: 'num' }, s.jobs),
      el('td', {}, s.createdAt ? new Date(s.createdAt).toLocaleString() : ''),
      el('td', {}, el('a', { href: `/api/sweeps/${s.id}/report?format=html`, onclick: (e) => e.stopPropagation() }, 'report')));
  }

  refresh();
  setInterval(refresh, 5000);
})();
