// Shared helpers of the sweep dashboard. No framework and no CDN: this runs offline.
'use strict';

const Sweep = (() => {
  async function api(path) {
    const r = await fetch(path, { headers: { Accept: 'application/json' } });
    if (r.status === 401) {
      // reads need a user token on this API (sweep.auth.public-read=false): sign in, then come back
      location.assign(`/login.html?next=${encodeURIComponent(location.pathname + location.search)}`);
    }
    if (!r.ok) {
      let detail = r.statusText;
      try { detail = (await r.json()).detail || detail; } catch (e) { /* not JSON */ }
      throw new Error(`${r.status} ${detail}`);
    }
    return r.json();
  }

  /** el('td', {class: 'num'}, 'text', childNode, ...) */
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
      else if (k === 'html') node.innerHTML = v;
      else node.setAttribute(k, v === true ? '' : v);
    }
    for (const c of children.flat()) {
      if (c === undefined || c === null) continue;
      node.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return node;
  }

  function num(x, digits = 4) {
    return x === null || x === undefined || Number.isNaN(x) ? '–' : Number(x).toFixed(digits);
  }

  function value(v) {
    if (v === null || v === undefined) return '–';
    return typeof v === 'object' ? JSON.stringify(v) : String(v);
  }

  function badge(status) {
    return el('span', { class: `badge ${status}` }, status);
  }

  function progress(fraction) {
    const pct = Math.max(0, Math.min(1, fraction || 0)) * 100;
    const bar = el('div', { class: 'progress', title: `${pct.toFixed(1)} %` }, el('span'));
    bar.firstChild.style.width = `${pct}%`;
    return bar;
  }

  /** The id in /sweeps/12 or /sweep.html?id=12. */
  function pageId(segment) {
    const m = location.pathname.match(new RegExp(`/${segment}/(\\d+)`));
    return m ? Number(m[1]) : Number(new URLSearchParams(location.search).get('id'));
  }

  function debounce(fn, ms) {
    let timer = null;
    return (...args) => {
      clearTimeout(timer);
      timer = setTimeout(() => fn(...args), ms);
    };
  }

  /**
   * Server-Sent Events of a sweep. EventSource reconnects by itself and sends Last-Event-ID, so
   * nothing is missed across a dropped connection.
   */
  function live(sweepId, handlers) {
    const indicator = document.getElementById('live');
    const source = new EventSource(`/api/sweeps/${sweepId}/events`);
    const mark = (state, text) => {
      if (!indicator) return;
      indicator.className = `live ${state}`;
      indicator.textContent = text;
    };
    source.onopen = () => mark('on', 'live');
    source.onerror = () => mark('off', 'reconnecting…');
    for (const [type, handler] of Object.entries(handlers)) {
      source.addEventListener(type, (e) => handler(JSON.parse(e.data), Number(e.lastEventId)));
    }
    window.addEventListener('beforeunload', () => source.close());
    return source;
  }

  const palette = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f'];

  /** Loss (top) and accuracy (bottom) against epoch, train and val, in one ECharts instance. */
  function curvesOption(epochs) {
    const xs = epochs.map((e) => e.epoch);
    const validated = epochs.length === 0 || epochs.some((e) => e.valLoss !== null && e.valLoss !== undefined);
    const line = (name, key, axis, color, dashed) => ({
      name, type: 'line', xAxisIndex: axis, yAxisIndex: axis, showSymbol: xs.length <= 40,
      data: epochs.map((e) => [e.epoch, e[key]]), color,
      lineStyle: { width: 2, type: dashed ? 'dashed' : 'solid' },
    });
    const axisX = (i, show) => ({
      type: 'value', gridIndex: i, min: xs.length ? Math.min(...xs) : 0, max: xs.length ? Math.max(...xs) : 1,
      minInterval: 1, name: show ? 'epoch' : '', nameLocation: 'middle', nameGap: 24,
      axisLabel: { show },
    });
    const axisY = (i, name) => ({ type: 'value', gridIndex: i, name, scale: true, nameGap: 12 });
    return {
      animation: false,
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      axisPointer: { link: [{ xAxisIndex: 'all' }] },
      grid: [{ left: 60, right: 20, top: 40, height: '34%' }, { left: 60, right: 20, top: '56%', height: '34%' }],
      xAxis: [axisX(0, false), axisX(1, true)],
      yAxis: [axisY(0, 'loss'), axisY(1, 'accuracy')],
      // a job without validation images (validation_size 0) has null val metrics: no val lines
      series: [
        line('train loss', 'trainLoss', 0, palette[0], true),
        validated ? line('val loss', 'valLoss', 0, palette[0], false) : null,
        line('train accuracy', 'trainAccuracy', 1, palette[1], true),
        validated ? line('val accuracy', 'valAccuracy', 1, palette[1], false) : null,
      ].filter(Boolean),
    };
  }

  function chart(node) {
    const c = echarts.init(node, null, { renderer: 'canvas' });
    window.addEventListener('resize', () => c.resize());
    return c;
  }

  function paramsText(params, only) {
    const keys = Object.keys(params || {}).filter((k) => !only || only.includes(k)).sort();
    return keys.map((k) => el('code', {}, `${k}=${value(params[k])}`));
  }

  return { api, el, num, value, badge, progress, pageId, debounce, live, curvesOption, chart, paramsText, palette };
})();
