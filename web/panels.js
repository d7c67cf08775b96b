// panels.js - the side panels: warnings (countdown, acknowledge), track details, network health,
// the node's own sensors, and the header.  DOM is rebuilt only when its data changes; countdowns
// and ages tick separately.
import { CLASS, AFFILIATION, fmtAge, fmtCountdown, flightLevel, knots, tracePath } from './symbols.js';

const $ = (id) => document.getElementById(id);
const STATE_ORDER = { issued: 0, updated: 0, acknowledged: 1, retracted: 2, closed: 3 };

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

function hhmmss(t) {
  return new Date(t * 1000).toISOString().substring(11, 19) + 'Z';
}

function warningItem(app, w, own) {
  const li = el('li', w.state + (own && (w.state === 'issued' || w.state === 'updated') ? ' own' : ''));
  li.dataset.warningId = w.id;
  const top = el('div', 'top');
  top.append(el('span', 'nation', w.nation), el('span', 'area', w.area),
    el('span', 'state', w.state));
  const cd = el('span', 'countdown');
  cd.dataset.tImpact = w.t_impact;
  top.append(cd);
  li.append(top);
  const what = (w.arrival ? 'arrival of ' : 'impact of ') + w.cls + ' track ' + w.stn;
  const p = w.p === null ? '' : ', p=' + Math.round(w.p * 100) + '%';
  li.append(el('div', 'meta', what + ' at ' + hhmmss(w.t_impact) + p));
  li.append(el('div', 'meta', 'issued ' + hhmmss(w.t_issued) + (w.issuer ? ' by ' + w.issuer : '') +
    (w.t_ack ? ' · acknowledged ' + hhmmss(w.t_ack) + ' by ' + w.ack_by : '')));
  if (own && (w.state === 'issued' || w.state === 'updated')) {
    const b = el('button', 'ack', app.pendingAck.has(w.id) ? 'Sending…' : 'Acknowledge');
    b.type = 'button';
    b.disabled = app.pendingAck.has(w.id);
    b.addEventListener('click', (ev) => { ev.stopPropagation(); app.acknowledge(w.id, b); });
    li.append(b);
  }
  li.addEventListener('click', () => app.centerOn(w.lat, w.lon));
  return li;
}

// Keyed: an item is rebuilt only when what it shows changed, so a button under the operator's
// pointer stays the same element while the prediction behind it is updated.
export function renderWarnings(app) {
  const ul = $('warnings'), now = app.now();
  const ws = [...app.state.warnings.values()].sort((a, b) =>
    (STATE_ORDER[a.state] - STATE_ORDER[b.state]) || (a.t_impact - b.t_impact));
  const active = ws.filter((w) => w.state !== 'retracted' && w.state !== 'closed');
  $('warn-count').textContent = active.length ? '(' + active.length + ' active)' : '';
  const old = new Map([...ul.children].filter((li) => li.dataset.warningId).map((li) => [li.dataset.warningId, li]));
  const items = ws.map((w) => {
    const own = w.nation === app.state.self;
    const sig = JSON.stringify([w.state, w.t_ack, w.ack_by, w.t_impact, w.p, w.t_issued, w.issuer,
      w.area, own, app.pendingAck.has(w.id)]);
    const prev = old.get(w.id);
    if (prev && prev.dataset.sig === sig) return prev;
    const li = warningItem(app, w, own);
    li.dataset.sig = sig;
    if (prev) prev.replaceWith(li);
    return li;
  });
  if (!items.length) items.push(el('li', 'none dim', 'no warnings'));
  const cur = [...ul.children];
  if (cur.length !== items.length || cur.some((li, i) => li !== items[i])) ul.replaceChildren(...items);
  tickCountdowns(now);
}

export function tickCountdowns(now) {
  for (const cd of document.querySelectorAll('#warnings .countdown')) {
    const left = Number(cd.dataset.tImpact) - now;
    cd.textContent = fmtCountdown(left);
    cd.classList.toggle('imminent', left < 120);
  }
}

function row(dl, k, v) {
  dl.append(el('dt', '', k), el('dd', '', v));
}

export function renderDetails(app, d) {
  const panel = $('details-panel');
  if (!d) { panel.hidden = true; return; }
  panel.hidden = false;
  $('det-stn').textContent = d.stn;
  const dl = $('details'), now = app.now();
  dl.replaceChildren();
  row(dl, 'class', d.cls + ' (' + Math.round(d.conf * 100) + '% confidence)');
  row(dl, 'affiliation', (AFFILIATION[d.aff] || { name: d.aff }).name);
  row(dl, 'status', d.status);
  row(dl, 'identity', [d.callsign, d.mode3a ? 'A' + d.mode3a : '', d.address ? 'S ' + d.address : '']
    .filter(Boolean).join('  ') || 'none');
  row(dl, 'position', d.lat.toFixed(4) + ', ' + d.lon.toFixed(4));
  row(dl, 'altitude', d.alt_m === null ? 'unknown' : Math.round(d.alt_m) + ' m  ' + flightLevel(d.alt_m) +
    (d.alt_baro_m !== null ? ' (baro ' + Math.round(d.alt_baro_m) + ' m)' : ''));
  row(dl, 'speed / course', knots(d.gs_mps) + ' (' + d.gs_mps.toFixed(0) + ' m/s) / ' +
    d.hdg_deg.toFixed(0) + '°  vz ' + d.vz_mps.toFixed(0) + ' m/s');
  row(dl, 'reporting node', d.reporter || '-');
  row(dl, 'sources', d.n_sources + ' local tracks from ' + (d.nations.join(', ') || '-'));
  row(dl, 'error ellipse', '1σ ' + d.ellipse.a_m.toFixed(0) + ' × ' + d.ellipse.b_m.toFixed(0) +
    ' m at ' + d.ellipse.orient_deg.toFixed(0) + '° (95 % drawn)');
  row(dl, 'σ pos / vel', d.sd_pos_m.map((v) => v.toFixed(0)).join('/') + ' m, ' +
    d.sd_vel_mps.map((v) => v.toFixed(1)).join('/') + ' m/s');
  row(dl, 'quality', d.quality.toFixed(2));
  row(dl, 'data age', fmtAge(Math.max(0, now - d.t)) + (now - d.t > app.state.staleS ? ' (stale)' : ''));
  row(dl, 'track age', fmtAge(Math.max(0, now - d.t_first)));
}

function ageClass(age, staleS) {
  return age === null ? 'bad' : age > 3 * staleS ? 'bad' : age > staleS ? 'warn' : 'ok';
}

export function renderNetwork(app) {
  const s = app.state.status, stale = app.state.staleS;
  const ns = $('node-status'), tb = document.querySelector('#partners tbody');
  if (!s) { ns.textContent = 'no status from the node yet'; tb.replaceChildren(); return; }
  const now = app.now(), statusAge = now - s.t;
  const lat = s.latency_ms.p50 === null ? '-' : s.latency_ms.p50.toFixed(1) + '/' +
    (s.latency_ms.p99 === null ? '-' : s.latency_ms.p99.toFixed(1)) + ' ms';
  ns.replaceChildren();
  const lines = [
    [(app.state.self || 'viewer') + ' · ' + s.mode + (s.secure ? ' · secure' : ' · NOT SECURE'), s.secure ? '' : 'bad'],
    ['inputs ' + s.inputs.n + ', ' + s.inputs.rx + ' items, last ' +
      (s.inputs.age_s === null ? 'never' : fmtAge(s.inputs.age_s) + ' ago'), ageClass(s.inputs.age_s, stale)],
    ['tracks local ' + s.n_local + ', system ' + s.n_system + ' · latency p50/p99 ' + lat, ''],
    ['status ' + fmtAge(Math.max(0, statusAge)) + ' old' + (s.n_unacked ? ' · ' + s.n_unacked +
      ' warning(s) awaiting acknowledgement' : ''), statusAge > stale ? 'warn' : s.n_unacked ? 'bad' : ''],
  ];
  for (const [txt, cls] of lines) ns.append(el('div', cls, txt));
  tb.replaceChildren();
  for (const p of s.partners) {
    const tr = el('tr');
    const lat2 = p.p50 === null ? '-' : p.p50.toFixed(1) + '/' + (p.p99 === null ? '-' : p.p99.toFixed(1));
    tr.append(el('td', '', p.nation), el('td', p.seen ? 'ok' : 'bad', p.seen ? 'yes' : 'NO'),
      el('td', ageClass(p.age_s, stale), p.age_s === null ? 'never' : fmtAge(p.age_s)),
      el('td', '', lat2), el('td', '', String(p.tracks)));
    tr.dataset.nation = p.nation;
    tb.append(tr);
  }
}

// ---- the node's own sensors: health as its ingest judges it, and sensor registration ----

const HEALTH_CLASS = { ok: 'ok', degraded: 'warn', late: 'warn', silent: 'bad' };
const signed = (v, d) => (v >= 0 ? '+' : '') + v.toFixed(d);

// The registration cell: what the estimate is and whether it is taken out of the plots; a clock
// the pairs show clearly off is said (it is put right at the radar, never here).
export function regText(r) {
  if (!r) return { text: 'not paired', cls: 'dim' };
  const clock = r.clock_off && r.clock_s !== null
    ? ' · clock ' + signed(r.clock_s, 2) + ' s ' + (r.clock_s > 0 ? 'late' : 'early') : '';
  const est = [r.range_m === null ? '' : 'range ' + signed(r.range_m, 0) + ' m',
    r.az_deg === null ? '' : 'az ' + signed(r.az_deg, 2) + '°',
    r.el_deg === null ? '' : 'el ' + signed(r.el_deg, 2) + '°'].filter(Boolean).join(', ');
  if (r.too_big) return { text: 'NOT applied: too big (' + est + ')' + clock, cls: 'bad' };
  if (!r.applied) return { text: 'not yet (' + r.pairs + ' pairs)' + clock, cls: clock ? 'warn' : 'dim' };
  return { text: est + ', applied' + clock, cls: clock ? 'warn' : 'ok' };
}

function regTitle(r) {
  if (!r) return 'no ADS-B pairs: registration off, or no ADS-B aircraft in its coverage yet';
  const pm = (v, sd, d, u) => (v === null ? '-' : signed(v, d) + ' ± ' + (sd === null ? '?' : sd.toFixed(d)) + u);
  return r.pairs + ' pairs with ADS-B; range ' + pm(r.range_m, r.range_sd_m, 1, ' m') +
    ', gain ' + pm(r.gain_m, r.gain_sd_m, 1, ' m/100 km') + ', azimuth ' + pm(r.az_deg, r.az_sd_deg, 3, '°') +
    (r.el_deg === null ? '' : ', elevation ' + pm(r.el_deg, r.el_sd_deg, 3, '°')) +
    ', clock ' + pm(r.clock_s, r.clock_sd_s, 3, ' s');
}

function sensorAge(x, s, now) {
  return x.age_s === null ? 'never' : fmtAge(Math.max(0, x.age_s + now - s.t));
}

function sensorRow(x, s, now, key) {
  const tr = el('tr');
  tr.dataset.sensor = key;
  const name = x.name || 'unknown';
  const id = x.sac === null ? '' : 'SAC/SIC ' + x.sac + '/' + x.sic;
  const td = el('td', x.name ? '' : 'warn', name);
  td.title = (id || 'no SAC/SIC') + (x.name ? '' : ' (not in the sensors file)');
  const health = x.health === null ? '-' : x.nogo ? 'NOGO' : x.overload ? 'overload' : x.health;
  const h = el('td', 'health ' + (HEALTH_CLASS[x.health] || 'dim'), health);
  if (x.health === null) h.title = 'plots from a file: no radar messages to judge it by';
  const reg = regText(x.reg), rc = el('td', 'reg ' + reg.cls, reg.text);
  rc.title = regTitle(x.reg);
  tr.append(td, h, el('td', 'age', sensorAge(x, s, now)),
    el('td', '', x.scan_s === null ? '-' : x.scan_s.toFixed(1) + ' s'), rc);
  tr.title = x.plots === null ? '' : x.plots + ' plots so far';
  return tr;
}

// Keyed like the warnings: a row is rebuilt only when what it shows changed; its age and plot
// count, which move every second, are set in place.
export function renderSensors(app) {
  const s = app.state.status, tb = document.querySelector('#sensors tbody');
  const xs = (s && s.sensors) || [], now = app.now();
  $('sensor-count').textContent = xs.length ? '(' + xs.length + ')' : '';
  const old = new Map([...tb.children].filter((tr) => tr.dataset.sensor).map((tr) => [tr.dataset.sensor, tr]));
  const rows = xs.map((x, i) => {
    const key = x.name + '/' + x.sac + '/' + x.sic + '/' + i;
    const sig = JSON.stringify([x.health, x.nogo, x.overload, x.scan_s === null ? null : x.scan_s.toFixed(1),
      regText(x.reg), regTitle(x.reg)]);
    let tr = old.get(key);
    if (!tr || tr.dataset.sig !== sig) {
      tr = sensorRow(x, s, now, key);
      tr.dataset.sig = sig;
    } else {
      const age = tr.querySelector('.age'), a = sensorAge(x, s, now);
      if (age.textContent !== a) age.textContent = a;
      tr.title = x.plots === null ? '' : x.plots + ' plots so far';
    }
    return tr;
  });
  if (!rows.length) {
    const msg = s ? 'none (no ASTERIX radar input)' : 'no status from the node yet', only = tb.children[0];
    if (tb.children.length === 1 && !only.dataset.sensor && only.textContent === msg) return;
    const none = el('td', 'dim', msg);
    none.colSpan = 5;
    rows.push(el('tr'));
    rows[0].append(none);
  }
  const cur = [...tb.children];
  if (cur.length !== rows.length || cur.some((tr, i) => tr !== rows[i])) tb.replaceChildren(...rows);
}

// name -> health of this node's own radars, for the map's radar markers
export function sensorHealth(app) {
  const s = app.state.status, m = new Map();
  for (const x of (s && s.sensors) || []) if (x.name && x.health) m.set(x.name, HEALTH_CLASS[x.health] || '');
  return m;
}

export function renderLegend() {
  const lg = $('legend');
  lg.replaceChildren(el('b', '', 'Symbols'));
  const sym = (cls, aff, text) => {
    const d = el('div'), c = document.createElement('canvas');
    c.width = 18; c.height = 16;
    const x = c.getContext('2d');
    x.beginPath(); tracePath(x, cls, 9, 8, cls === 2 ? 5 : 4);
    x.fillStyle = AFFILIATION[aff].color + 'a0'; x.fill();
    x.strokeStyle = AFFILIATION[aff].color; x.stroke();
    d.append(c, text);
    lg.append(d);
  };
  for (let i = 0; i < CLASS.length; i++) sym(i, 'U', CLASS[i]);
  lg.append(el('b', '', 'Colour: affiliation'));
  for (const [k, v] of Object.entries(AFFILIATION)) sym(1, k, v.name);
  lg.append(el('div', 'dim', 'dashed outline: coasting · faded: data older than the stale limit ' +
    '(age in the label) · line: where the track is in 120 s · trail: last positions · ' +
    'red ellipse: predicted impact (95 %) · white ellipse: selected track position (95 %)'));
}

export function renderHeader(app, nVisible, perf) {
  const st = app.state, now = app.now();
  $('self').textContent = st.self || 'viewer';
  $('clock').textContent = now ? hhmmss(now) : '--:--:--Z';
  $('counts').textContent = st.tracks.size + ' tracks' + (nVisible !== st.tracks.size ? ' (' + nVisible + ' in view)' : '');
  if (perf) $('perf').textContent = 'frame ' + perf.mean.toFixed(1) + ' / ' + perf.p95.toFixed(1) + ' ms';
  const conn = $('conn'), silent = (performance.now() - app.lastMsg) / 1000;
  if (!app.connected) { conn.textContent = 'reconnecting'; conn.className = 'bad'; }
  else if (silent > 12) { conn.textContent = 'silent ' + fmtAge(silent); conn.className = 'warn'; }
  else { conn.textContent = 'live'; conn.className = 'ok'; }
}
