/*
 * plateau view, the page. State lives in the URL hash (#run=ID&run=ID&scale=auto | #scan=ID | #compare=ID), so a view
 * can be bookmarked. One EventSource (/api/events) brings the run list and the curves of the runs shown; new metrics
 * lines arrive as rows appended to the drawn Vega views. Charts are Vega-Lite specs built by the server from the
 * project's own spec builders; this file only lays them out. Text from run folders goes in through textContent only.
 */
'use strict';

// curves: the live training charts by panel id; charts: every other chart on the page; each a promise of its Vega view
const state = { catalog: null, sel: parseHash(), source: null, curves: new Map(), charts: new Map(), shown: '' };
// every spec is Vega-Lite (vega-embed guesses Vega for a spec whose top level is 'concat')
const EMBED = {
  mode: 'vega-lite',
  renderer: 'svg',
  actions: { export: true, source: false, compiled: false, editor: false },
};

function parseHash() {
  const p = new URLSearchParams(location.hash.slice(1));
  return { runs: p.getAll('run'), scan: p.get('scan'), compare: p.get('compare'), scale: p.get('scale') || 'auto' };
}

function go(sel) {
  const p = new URLSearchParams();
  for (const r of sel.runs || []) p.append('run', r);
  if (sel.scan) p.set('scan', sel.scan);
  if (sel.compare) p.set('compare', sel.compare);
  if (sel.runs && sel.runs.length && sel.scale && sel.scale !== 'auto') p.set('scale', sel.scale);
  location.hash = p.toString();
}

/** A DOM element with attributes and children (strings become text nodes). */
function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === 'onclick') e.addEventListener('click', v);
    else if (k === 'class') e.className = v;
    else if (v !== null && v !== undefined) e.setAttribute(k, v);
  }
  for (const c of children.flat()) if (c !== null && c !== undefined) e.append(c instanceof Node ? c : String(c));
  return e;
}

function fmt(x, digits = 4) {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  if (x !== 0 && (Math.abs(x) < 1e-3 || Math.abs(x) >= 1e5)) return x.toExponential(2);
  return String(Number(x.toPrecision(digits)));
}

const badge = (status) => el('span', { class: `status ${status}` }, status);

/** URL of a file in a run folder: /files/<served folder>/<path>/<name>, each part encoded. */
function fileUrl(id, name) {
  return '/files/' + [...id.split('/').filter((s) => s !== '.'), name].map(encodeURIComponent).join('/');
}

// ---- the side bar ------------------------------------------------------------------------------------------------

function runTable(runs) {
  const head = el(
    'tr',
    {},
    el('th', {}, ''),
    el('th', {}, 'run'),
    el('th', {}, 'status'),
    el('th', { class: 'num' }, 'step'),
    el('th', { class: 'num' }, 'steps/s'),
    el('th', {}, 'config · backend'),
  );
  const rows = runs.map((r) => {
    const ticked = state.sel.runs.includes(r.id);
    const box = el('input', { type: 'checkbox', 'aria-label': `overlay ${r.name}` });
    box.checked = ticked;
    box.addEventListener('click', (ev) => {
      ev.stopPropagation();
      const runs = ticked ? state.sel.runs.filter((x) => x !== r.id) : [...state.sel.runs, r.id];
      go({ runs, scale: state.sel.scale });
    });
    return el(
      'tr',
      {
        class: `run${ticked ? ' selected' : ''}`,
        'data-id': r.id,
        title: r.note || null,
        onclick: () => go({ runs: [r.id], scale: state.sel.scale }),
      },
      el('td', {}, box),
      el('td', {}, r.name, el('span', { class: 'rel' }, r.rel)),
      el('td', { class: 'status-cell' }, badge(r.status)),
      el('td', { class: 'num' }, r.step === null ? '—' : `${r.step}${r.steps ? `/${r.steps}` : ''}`),
      el('td', { class: 'num' }, fmt(r.stepsPerSecond, 3)),
      el(
        'td',
        { class: 'hash', title: `config hash ${r.configHash}; ${r.device}` },
        r.configHash.slice(0, 8),
        el('span', { class: 'rel' }, r.backend),
      ),
    );
  });
  return el('table', { class: 'runs' }, el('thead', {}, head), el('tbody', {}, rows));
}

function renderSide() {
  const c = state.catalog,
    q = document.getElementById('filter').value.trim().toLowerCase();
  document.getElementById('roots').textContent = c.roots.join('  ');
  const match = (r) => !q || r.name.toLowerCase().includes(q) || r.rel.toLowerCase().includes(q);
  const runs = c.runs.filter(match),
    box = document.getElementById('runs');
  const groups = [...new Set(runs.filter((r) => r.group).map((r) => r.group))];
  const loose = runs.filter((r) => !r.group);
  box.replaceChildren(
    loose.length
      ? runTable(loose)
      : el('p', { class: 'empty' }, c.runs.length ? 'no run matches' : 'no training runs yet'),
    ...groups.map((g) => {
      const members = runs.filter((r) => r.group === g),
        cmp = c.compares.find((x) => x.id === g);
      const open = members.some((r) => state.sel.runs.includes(r.id)) || null;
      return el(
        'details',
        { class: 'group', open },
        el('summary', {}, `runs of comparison ${cmp ? cmp.name : g} (${members.length})`),
        runTable(members),
      );
    }),
  );
  for (const kind of ['scans', 'compares']) {
    const picked = kind === 'scans' ? state.sel.scan : state.sel.compare;
    document.getElementById(kind).replaceChildren(
      ...(c[kind].length
        ? c[kind].map((s) =>
            el(
              'li',
              {
                class: s.id === picked ? 'selected' : '',
                'data-id': s.id,
                onclick: () => go(kind === 'scans' ? { scan: s.id } : { compare: s.id }),
              },
              s.name,
              el('div', { class: 'detail' }, `${s.detail} · ${s.rel}`),
            ),
          )
        : [el('li', { class: 'empty' }, 'none')]),
    );
  }
}

// ---- charts ------------------------------------------------------------------------------------------------------

function finalize(views) {
  for (const p of views.values()) p.then((v) => v && v.finalize());
  views.clear();
}

/** Draws `spec` into `box`; the promise resolves to the Vega view (null if drawing failed, which is logged). */
function draw(box, spec, key, views = state.charts) {
  if (views.has(key)) views.get(key).then((v) => v && v.finalize());
  const p = vegaEmbed(box, spec, EMBED).then(
    (r) => r.view,
    (e) => {
      console.error(`plateau view: could not draw ${key}: ${e.message}`);
      return null;
    },
  );
  views.set(key, p);
  return p;
}

function drawCurves(msg) {
  const grid = document.getElementById('curves');
  if (!grid) return;
  finalize(state.curves);
  grid.replaceChildren();
  for (const panel of msg.panels) {
    const box = el('div', { class: 'chart', 'data-panel': panel.id, 'data-rows': panel.spec.datasets.rows.length });
    grid.append(box);
    draw(box, panel.spec, panel.id, state.curves);
  }
  if (!msg.panels.length) grid.append(el('p', { class: 'empty' }, 'no metrics yet'));
}

function appendRows(rows) {
  for (const [id, rs] of Object.entries(rows)) {
    const p = state.curves.get(id),
      box = document.querySelector(`#curves .chart[data-panel="${id}"]`);
    if (!p || !box) continue;
    // chained on the drawing promise: rows keep their order even while the chart is still being drawn
    state.curves.set(
      id,
      p.then(async (view) => {
        if (!view) return view;
        await view.insert('rows', rs).runAsync();
        box.dataset.rows = String(Number(box.dataset.rows) + rs.length);
        return view;
      }),
    );
  }
}

// ---- the main area -----------------------------------------------------------------------------------------------

function table(head, rows, cls) {
  return el(
    'table',
    { class: cls || '' },
    el(
      'thead',
      {},
      el(
        'tr',
        {},
        head.map((h) => el('th', {}, h)),
      ),
    ),
    el(
      'tbody',
      {},
      rows.map((r) =>
        el(
          'tr',
          {},
          r.map((c) => el('td', { class: typeof c === 'number' ? 'num' : '' }, typeof c === 'number' ? fmt(c) : c)),
        ),
      ),
    ),
  );
}

function runHeader(ids) {
  const rows = ids.map((id) => state.catalog && state.catalog.runs.find((r) => r.id === id)).filter(Boolean);
  if (ids.length === 1) {
    const r = rows[0];
    return el(
      'div',
      { id: 'run-head' },
      el('h2', {}, r ? r.name : ids[0], ' ', r ? badge(r.status) : ''),
      r && r.note ? el('p', { class: 'note' }, r.note) : null,
    );
  }
  return el(
    'div',
    { id: 'run-head' },
    el('h2', {}, `${ids.length} runs overlaid`),
    table(
      ['run', 'status', 'step', 'steps/s', 'config'],
      rows.map((r) => [
        r.name,
        badge(r.status),
        String(r.step ?? '—'),
        r.stepsPerSecond,
        el('span', { class: 'hash' }, r.configHash.slice(0, 8)),
      ]),
    ),
  );
}

async function runDetail(id) {
  const res = await fetch(`/api/run?id=${encodeURIComponent(id)}`);
  if (!res.ok) return el('p', { class: 'empty' }, await res.text());
  const v = await res.json(),
    box = el(
      'div',
      { id: 'run-detail' },
      v.facts.map((f) => el('p', { class: 'facts' }, f)),
    );
  if (v.summary) {
    box.append(
      el('h3', {}, `Summary — ${v.summary.status} after ${v.summary.steps} steps (${fmt(v.summary.seconds, 3)} s)`),
      el('div', { id: 'summary' }, table(['metric', 'value'], v.summary.rows, 'summary')),
    );
  }
  if (v.charts.length || v.topImages) {
    const charts = el('div', { class: 'charts' });
    box.append(el('h3', {}, 'Model against data'), charts);
    v.charts.forEach((spec, i) => draw(charts.appendChild(el('div', { class: 'chart' })), spec, `run-chart-${i}`));
    if (v.topImages)
      charts.append(
        el(
          'div',
          {},
          el('img', { class: 'figure', alt: 'most probable images of data and model', src: fileUrl(id, v.topImages) }),
        ),
      );
  }
  if (v.files.length)
    box.append(
      el(
        'p',
        { class: 'files' },
        'files: ',
        v.files.map((f) => el('a', { href: fileUrl(id, f), target: '_blank', rel: 'noopener' }, f)),
      ),
    );
  return box;
}

function showRuns() {
  const sel = state.sel,
    main = document.getElementById('main');
  const scales = ['auto', 'log', 'linear'].map((s) =>
    el(
      'button',
      { class: s === sel.scale ? 'on' : '', 'data-scale': s, onclick: () => go({ runs: sel.runs, scale: s }) },
      s,
    ),
  );
  main.replaceChildren(
    runHeader(sel.runs),
    el('div', { class: 'toolbar' }, 'y axis: ', scales),
    el('div', { id: 'curves', class: 'grid' }),
    el('div', { id: 'detail' }),
  );
  refreshDetail();
}

async function refreshDetail() {
  const box = document.getElementById('detail'),
    id = state.sel.runs[0];
  if (!box || state.sel.runs.length !== 1) return;
  // a run that has not written its run.json yet: its detail comes with the catalog that lists it
  if (!state.catalog || !state.catalog.runs.some((r) => r.id === id))
    return box.replaceChildren(el('p', { class: 'empty' }, `waiting for ${id} to appear…`));
  const key = state.shown;
  const detail = await runDetail(id);
  if (state.shown === key && document.getElementById('detail') === box) box.replaceChildren(detail);
}

async function showStudy(kind, id) {
  const main = document.getElementById('main');
  main.replaceChildren(el('p', { class: 'empty' }, 'loading…'));
  const res = await fetch(`/api/${kind}?id=${encodeURIComponent(id)}`);
  if (!res.ok) return main.replaceChildren(el('p', { class: 'empty' }, await res.text()));
  const v = await res.json(),
    charts = el('div', { class: 'charts' });
  main.replaceChildren(el('h2', {}, v.title), ...v.facts.map((f) => el('p', { class: 'facts' }, f)));
  if (kind === 'compare') {
    main.append(
      el('h3', {}, 'Ranking by median final metric (lower is better)'),
      table(
        ['panel', 'rank', 'loss', 'median', 'Q1', 'Q3', 'TVD held-out', 'KL', 'precision', 'recall', 'runs'],
        v.ranking.map((r) => [
          r.panel,
          String(r.rank ?? '—'),
          r.loss,
          r.median,
          r.q1,
          r.q3,
          r.tvdTest,
          r.kl,
          r.precision,
          r.recall,
          r.runs,
        ]),
        'ranking',
      ),
    );
  }
  main.append(charts);
  v.charts.forEach((spec, i) => draw(charts.appendChild(el('div', { class: 'chart' })), spec, `${kind}-${i}`));
  if (kind === 'scan') {
    main.append(
      el('h3', {}, 'Verdicts'),
      table(
        ['quantity', 'series', 'verdict', 'fit', 'ΔBIC'],
        v.verdicts.map((r) => [r.quantity, r.series, r.verdict, r.text, r.deltaBic]),
        'verdicts',
      ),
      el('p', { class: 'note' }, v.fitNote),
    );
    if (v.keyNumbers.length)
      main.append(
        el('h3', {}, 'Key numbers'),
        el(
          'ul',
          {},
          v.keyNumbers.map((k) => el('li', {}, k)),
        ),
      );
  }
}

/** Redraws the main area for the selection in the hash, and follows the runs it shows. */
function show() {
  state.sel = parseHash();
  const key = JSON.stringify(state.sel);
  if (key === state.shown) return;
  state.shown = key;
  finalize(state.curves);
  finalize(state.charts);
  if (state.catalog) renderSide();
  connect();
  if (state.sel.runs.length) showRuns();
  else if (state.sel.scan) showStudy('scan', state.sel.scan);
  else if (state.sel.compare) showStudy('compare', state.sel.compare);
  else
    document
      .getElementById('main')
      .replaceChildren(el('p', { class: 'empty' }, 'Pick a training run, a scan or a comparison.'));
}

function onCatalog(c) {
  const before = state.catalog;
  state.catalog = c;
  renderSide();
  const status = (cat, id) => {
    const r = cat && cat.runs.find((x) => x.id === id);
    return r ? `${r.status}` : '';
  };
  const changed = state.sel.runs.some((id) => status(before, id) !== status(c, id));
  if (state.sel.runs.length && changed) {
    const head = document.getElementById('run-head');
    if (head) head.replaceWith(runHeader(state.sel.runs));
    refreshDetail();
  }
  for (const kind of ['scan', 'compare']) {
    const id = state.sel[kind],
      list = kind === 'scan' ? 'scans' : 'compares';
    const then = before && before[list].find((s) => s.id === id),
      now = c[list].find((s) => s.id === id);
    if (id && then && now && then.updated !== now.updated) showStudy(kind, id);
  }
}

function connect() {
  if (state.source) state.source.close();
  const p = new URLSearchParams();
  for (const r of state.sel.runs) p.append('run', r);
  p.set('scale', state.sel.scale);
  const conn = document.getElementById('conn'),
    source = new EventSource(`/api/events?${p}`);
  state.source = source;
  source.addEventListener('open', () => {
    conn.textContent = 'live';
    conn.className = 'conn live';
  });
  source.addEventListener('error', () => {
    conn.textContent = 'reconnecting…';
    conn.className = 'conn down';
  });
  source.addEventListener('catalog', (e) => onCatalog(JSON.parse(e.data)));
  source.addEventListener('curves', (e) => drawCurves(JSON.parse(e.data)));
  source.addEventListener('rows', (e) => appendRows(JSON.parse(e.data)));
}

window.addEventListener('hashchange', show);
document.getElementById('filter').addEventListener('input', () => state.catalog && renderSide());
show();
