// One trial: its parameters, final metrics, per-epoch table and curves, live while it trains.
'use strict';

(() => {
  const { api, el, num, value, badge, live, curvesOption, chart, debounce } = Sweep;
  const id = Sweep.pageId('trials');
  const curves = chart(document.getElementById('curves'));
  let trial = null;
  let epochs = [];

  function fail(e) {
    const node = document.getElementById('error');
    node.hidden = false;
    node.textContent = e.message;
  }

  async function loadTrial() {
    trial = await api(`/api/trials/${id}`);
    document.title = `sweep · trial ${trial.id}`;
    document.getElementById('name').textContent = `Trial ${trial.id}`;
    document.getElementById('status').replaceChildren(badge(trial.status));
    document.getElementById('meta').replaceChildren(
      trial.sweepId != null ? el('span', {}, 'sweep ', el('a', { href: `/sweeps/${trial.sweepId}` }, `#${trial.sweepId}`)) : null,
      el('span', {}, 'job ', el('b', {}, trial.jobId)),
      el('span', {}, el('b', {}, trial.epochs), ' epochs'),
      trial.pruned ? el('span', { class: 'pruned', id: 'pruned' }, prunedText(trial.pruned)) : null);
    document.querySelector('#params tbody').replaceChildren(...Object.keys(trial.params).sort().map((k) =>
      el('tr', {}, el('td', {}, el('code', {}, k)), el('td', { class: 'mono' }, value(trial.params[k])))));
    document.querySelector('#finals tbody').replaceChildren(
      el('tr', {}, el('td', {}, 'train'), el('td', { class: 'num' }, num(trial.trainLoss)), el('td', { class: 'num' }, num(trial.trainAccuracy))),
      el('tr', {}, el('td', {}, 'validation'), el('td', { class: 'num' }, num(trial.valLoss)), el('td', { class: 'num' }, num(trial.valAccuracy))),
      el('tr', {}, el('td', {}, 'test'), el('td', { class: 'num' }, num(trial.testLoss)), el('td', { class: 'num' }, num(trial.testAccuracy))));
    document.getElementById('png').href = `/api/trials/${id}/curves.png`;
    document.getElementById('svg').href = `/api/trials/${id}/curves.svg`;
  }

  /** Why early termination stopped the trial's job: rule, rung, its value, the cut-off, how many. */
  function prunedText(p) {
    const cmp = p.cutoff === p.value ? 'at' : 'short of';
    return `pruned by ${p.rule} at epoch ${p.rung}: ${p.metric} ${num(p.value)} ${cmp} the cut-off ` +
      `${num(p.cutoff)} among ${p.compared + 1} jobs at that epoch (POST /api/trials/${trial.id}/resume trains it on)`;
  }

  async function loadEpochs() {
    epochs = await api(`/api/trials/${id}/epochs`);
    draw();
  }

  function draw() {
    document.getElementById('epochs-empty').hidden = epochs.length > 0;
    document.querySelector('#epochs tbody').replaceChildren(...epochs.map((e) => el('tr', {},
      el('td', { class: 'num' }, e.epoch), el('td', { class: 'num' }, num(e.trainLoss)),
      el('td', { class: 'num' }, num(e.trainAccuracy)), el('td', { class: 'num' }, num(e.valLoss)),
      el('td', { class: 'num' }, num(e.valAccuracy)), el('td', { class: 'num' }, num(e.seconds, 1)),
      el('td', { class: 'num' }, num(e.samplesPerSecond, 0)))));
    curves.setOption(curvesOption(epochs), true);
  }

  const reload = debounce(() => loadTrial().catch(fail), 500);

  async function start() {
    try {
      await loadTrial();
      await loadEpochs();
    } catch (e) {
      fail(e);
      return;
    }
    // a PRUNED trial may be resumed; its job's events bring it back to life here
    if (trial.sweepId != null && ['QUEUED', 'RUNNING', 'PRUNED'].includes(trial.status)) {
      live(trial.sweepId, {
        epoch: (e) => {
          if (e.jobId === trial.jobId && e.epoch <= trial.epochs && !epochs.some((x) => x.epoch === e.epoch)) {
            epochs.push(e);
            epochs.sort((a, b) => a.epoch - b.epoch);
            draw();
          }
        },
        trial: (e) => { if (e.trialId === trial.id) reload(); },
      });
    }
  }

  start();
})();
