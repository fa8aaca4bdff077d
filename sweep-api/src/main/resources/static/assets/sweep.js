// One sweep: status counts, live leaderboard, parallel coordinates, analysis and live curves.
'use strict';

(() => {
  const { api, el, num, value, badge, progress, debounce, live, curvesOption, chart, paramsText } = Sweep;
  const id = Sweep.pageId('sweeps');
  const state = { sweep: null, analysis: null, swept: [], selected: null, epochs: [], pinned: false };
  const curves = chart(document.getElementById('curves'));
  const parallel = chart(document.getElementById('parallel'));

  function fail(e) {
    const node = document.getElementById('error');
    node.hidden = false;
    node.textContent = e.message;
  }

  async function loadSweep() {
    const s = (state.sweep = await api(`/api/sweeps/${id}`));
    document.title = `sweep · ${s.name}`;
    document.getElementById('name').textContent = s.name;
    document.getElementById('status').replaceChildren(badge(s.status));
    const p = s.progress || {};
    document.getElementById('meta').replaceChildren(
      el('span', {}, 'metric ', el('b', {}, `${s.metric.name} (${s.metric.goal})`)),
      el('span', {}, el('b', {}, s.trials), ' trials in ', el('b', {}, s.jobs), ' jobs'),
      el('span', {}, el('b', {}, p.epochsDone ?? 0), ` / ${p.epochsPlanned ?? 0} epochs trained`),
      s.epochsNaive ? el('span', {}, `${s.epochsPlanned} planned instead of ${s.epochsNaive}`) : null,
      el('span', {}, 'report ', el('a', { href: `/api/sweeps/${id}/report?format=html` }, 'html'), ' · ',
        el('a', { href: `/api/sweeps/${id}/report` }, 'markdown'), ' · ',
        el('a', { href: `/api/sweeps/${id}/curves.png?top=5` }, 'top-5 curves')));
    const statuses = Object.keys(s.counts || {});
    document.getElementById('counts').replaceChildren(...statuses.map((st) =>
      el('div', { class: `count ${st}`, 'data-status': st }, el('b', {}, (s.counts || {})[st] ?? 0), el('span', {}, st.toLowerCase()))));
    document.getElementById('progress').replaceChildren(progress(p.fraction));
    document.getElementById('leaderboard-metric').textContent = `by ${s.metric.name}`;
    document.getElementById('parallel-metric').textContent = s.metric.name;
  }

  async function loadLeaderboard() {
    const answer = await api(`/api/sweeps/${id}/leaderboard?limit=15`);
    const rows = Array.isArray(answer) ? answer : answer.items || [];
    document.getElementById('leaderboard-empty').hidden = rows.length > 0;
    // one column per swept parameter keeps rows on one line; folded ones are marked
    const swept = (state.analysis ? state.analysis.parameters : []).filter((p) => p.name !== 'epochs');
    const numeric = (label) => el('th', { class: 'num' }, label);
    document.querySelector('#leaderboard thead').replaceChildren(el('tr', {},
      numeric('#'), numeric('trial'),
      swept.length
        ? swept.map((p) => el('th', { title: p.equivalent ? p.note || 'equivalent values' : '' }, p.equivalent ? `${p.name} ≡` : p.name))
        : el('th', {}, 'params'),
      numeric('epochs'), numeric('value'), numeric('val loss'), numeric('val acc'), numeric('test acc')));
    document.querySelector('#leaderboard tbody').replaceChildren(...rows.map((r) =>
      el('tr', { class: `clickable${state.selected && state.selected.id === r.trialId ? ' selected' : ''}`,
        'data-trial': r.trialId, onclick: () => { state.pinned = true; select(r.trialId); } },
      el('td', { class: 'num' }, r.rank),
      el('td', { class: 'num', title: (r.trialIds || []).length > 1 ? `trials ${r.trialIds.join(', ')}: one training run` : '' },
        el('a', { href: `/trials/${r.trialId}`, onclick: (e) => e.stopPropagation() }, r.trialId),
        (r.trialIds || []).length > 1 ? el('span', { class: 'muted' }, ` +${r.trialIds.length - 1}`) : null),
      swept.length
        ? swept.map((p) => el('td', { class: 'mono' }, foldedValue(r, p.name)))
        : el('td', { class: 'params' }, paramsText(Object.assign({}, r.params, joined(r)))),
      el('td', { class: 'num' }, r.epochs),
      el('td', { class: 'num' }, el('b', {}, num(r.value))),
      el('td', { class: 'num' }, num(r.valLoss)),
      el('td', { class: 'num' }, num(r.valAccuracy)),
      el('td', { class: 'num' }, num(r.testAccuracy)))));
    const running = (await api(`/api/sweeps/${id}/trials?status=RUNNING&size=50`)).items || [];
    watchList(running, rows);
    // unless the user picked one: follow a trial that is training, else show the best
    const pick = running.length ? running[0].id : rows.length ? rows[0].trialId : null;
    if (!state.pinned && pick !== null && (!state.selected || state.selected.id !== pick)) {
      select(pick);
    }
  }

  /** A folded row (twins of one training run) names its values together: nll | cross_entropy. */
  function foldedValue(r, name) {
    const f = r.folded && r.folded[name];
    return f ? f.map(value).join(' | ') : value(r.params[name]);
  }

  function joined(r) {
    const out = {};
    Object.keys(r.folded || {}).forEach((k) => { out[k] = r.folded[k].map(value).join(' | '); });
    return out;
  }

  function watchList(running, top) {
    const box = document.getElementById('watch');
    const swept = state.swept.length ? state.swept.filter((n) => n !== 'loss') : null;
    const label = (t, params) => `trial ${t} · ${Object.keys(params).filter((k) => !swept || swept.includes(k)).sort()
      .map((k) => `${k}=${value(params[k])}`).join(' ')}`;
    box.replaceChildren(
      el('optgroup', { label: 'training now' }, running.map((t) => el('option', { value: t.id }, label(t.id, t.params)))),
      el('optgroup', { label: 'leaderboard' }, top.map((r) => el('option', { value: r.trialId }, `#${r.rank} ${label(r.trialId, r.params)}`))));
    if (state.selected) box.value = String(state.selected.id);
    box.onchange = () => { state.pinned = true; select(Number(box.value)); };
  }

  async function select(trialId) {
    const [trial, epochs] = await Promise.all([api(`/api/trials/${trialId}`), api(`/api/trials/${trialId}/epochs`)]);
    state.selected = trial;
    state.epochs = epochs;
    const link = document.getElementById('curves-trial');
    link.textContent = `trial ${trial.id}`;
    link.href = `/trials/${trial.id}`;
    document.getElementById('curves-params').replaceChildren(...paramsText(trial.params, state.swept.length ? state.swept : null));
    document.getElementById('watch').value = String(trial.id);
    document.querySelectorAll('#leaderboard tbody tr').forEach((tr) =>
      tr.classList.toggle('selected', Number(tr.dataset.trial) === trial.id));
    drawCurves();
  }

  function drawCurves() {
    curves.setOption(curvesOption(state.epochs), true);
  }

  async function loadAnalysis() {
    const a = (state.analysis = await api(`/api/sweeps/${id}/analysis`));
    state.swept = a.parameters.map((p) => p.name);
    document.getElementById('analysis-method').textContent =
      `${a.trialsFinished} of ${a.trialsTotal} trials finished${a.trialsPruned ? ` (${a.trialsPruned} pruned, left out)` : ""} · effect size: ${a.method.effectSize.replace('_', ' ')}`;
    const body = [];
    for (const p of a.parameters) {
      const width = p.effectSize != null ? Math.max(2, Math.round(p.effectSize * 120)) : 0;
      const effect = p.effectSize != null
        ? [el('span', { class: 'effect', style: `width:${width}px` }), num(p.effectSize, 3)]
        : (p.equivalent ? [el('span', { class: 'badge folded', title: p.note || '' }, 'equivalent (folded)')] : ['–']);
      body.push(el('tr', { class: 'param-head', 'data-parameter': p.name },
        el('td', {}, p.name), el('td', { class: 'num' }, p.rank ?? '–'), el('td', {}, effect),
        el('td', { colspan: 5, class: 'muted' }, p.bestLabel ? `best: ${p.bestLabel}` : (p.note || ''))));
      for (const v of p.values) {
        const isBest = p.bestLabel !== undefined && p.bestLabel === v.label;
        body.push(el('tr', {},
          el('td', { class: isBest ? 'best' : '' }, '\u00a0\u00a0', el('code', {}, v.label)),
          el('td'), el('td'),
          el('td', { class: 'num' }, v.count),
          el('td', { class: `num${isBest ? ' best' : ''}` }, num(v.mean)),
          el('td', { class: 'num' }, num(v.std)),
          el('td', { class: 'num' }, num(v.best)),
          el('td', { class: 'muted' }, v.equivalentTo && v.equivalentTo.length ? `≡ ${v.equivalentTo.join(', ')}` : '')));
      }
    }
    document.querySelector('#analysis tbody').replaceChildren(...body);
    drawInteraction(a.interaction, a.metric.name);
  }

  function drawInteraction(ix, metric) {
    const box = document.getElementById('interaction');
    if (!ix) { box.replaceChildren(); return; }
    box.replaceChildren(
      el('h2', { style: 'margin-top:1.2rem' }, `Interaction: mean ${metric} by ${ix.rowParameter} × ${ix.columnParameter}`),
      el('table', { class: 'grid', id: 'interaction-table' },
        el('thead', {}, el('tr', {}, el('th', {}, `${ix.rowParameter} \\ ${ix.columnParameter}`),
          ix.columns.map((c) => el('th', { class: 'num' }, c)))),
        el('tbody', {}, ix.rows.map((r, i) => el('tr', {}, el('td', {}, el('code', {}, r)),
          ix.cells[i].map((cell) => el('td', { class: 'num', title: `n = ${cell.count}` }, num(cell.mean))))))));
  }

  async function loadParallel() {
    const trials = [];
    for (let page = 0; page < 5; page++) {
      const answer = await api(`/api/sweeps/${id}/trials?status=SUCCEEDED&size=1000&page=${page}`);
      trials.push(...answer.items);
      if ((page + 1) * answer.size >= answer.total) break;
    }
    const metric = state.sweep.metric.name;
    const key = metric.replace(/_(\w)/g, (m, c) => c.toUpperCase());
    const params = state.analysis && state.analysis.parameters.length
      ? state.analysis.parameters.map((p) => ({ name: p.name, values: p.values.map((v) => v.label) }))
      : [];
    const axes = params.map((p, i) => ({ dim: i, name: p.name, type: 'category', data: p.values }));
    const values = trials.map((t) => t[key]).filter((x) => x != null);
    axes.push({ dim: params.length, name: metric, type: 'value', scale: true,
      nameTextStyle: { fontWeight: 'bold' } });
    const data = trials.map((t) => [...params.map((p) => value(t.params[p.name])), t[key]]);
    parallel.setOption({
      animation: false,
      parallel: { left: 70, right: 110, top: 40, bottom: 30 },
      parallelAxis: axes,
      visualMap: {
        type: 'continuous', dimension: params.length, right: 10, top: 'middle', calculable: true,
        min: values.length ? Math.min(...values) : 0, max: values.length ? Math.max(...values) : 1,
        inRange: { color: state.sweep.metric.goal === 'maximize' ? ['#d4e4f7', '#2563eb', '#0b1f66'] : ['#0b1f66', '#2563eb', '#d4e4f7'] },
        precision: 3,
      },
      series: [{ type: 'parallel', lineStyle: { width: 1.5, opacity: 0.55 }, data }],
    }, true);
  }

  const refreshStatus = debounce(() => Promise.all([loadSweep(), loadLeaderboard()]).catch(fail), 800);
  const refreshAnalysis = debounce(() => loadAnalysis().then(loadParallel).catch(fail), 3000);

  function onEpoch(e) {
    const t = state.selected;
    if (t && e.jobId === t.jobId && e.epoch <= t.epochs && !state.epochs.some((x) => x.epoch === e.epoch)) {
      state.epochs.push(e);
      state.epochs.sort((a, b) => a.epoch - b.epoch);
      drawCurves();
    }
    refreshStatus();
  }

  async function start() {
    try {
      await loadSweep();
      await loadAnalysis().catch(fail);
      await loadLeaderboard();
      await loadParallel();
    } catch (e) {
      fail(e);
    }
    live(id, {
      epoch: onEpoch,
      trial: () => { refreshStatus(); refreshAnalysis(); },
      job: refreshStatus,
      sweep: refreshStatus,
    });
  }

  start();
})();
