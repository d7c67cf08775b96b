// app.js - the skyweave operator display: keeps the picture the node streams (server-sent events:
// one snapshot, then deltas), draws it, and sends acknowledgements.  docs/display.md describes
// the messages.  window.skyweave exposes the state and frame-time figures (read by the tests).
import { MapView } from './map.js';
import { fieldIndex } from './symbols.js';
import * as panels from './panels.js';

const TRAIL = 10; // positions kept per track
const params = new URLSearchParams(location.search);
const token = params.get('token') || '';
const withToken = (url) => url + (token ? (url.includes('?') ? '&' : '?') + 'token=' + encodeURIComponent(token) : '');

const state = {
  self: '', nations: [], staleS: 12, rate: 1, instance: '',
  tracks: new Map(), warnings: new Map(), status: null, layers: null, ix: fieldIndex(null),
};
const app = {
  state, connected: false, lastMsg: 0, tBase: 0, recvAt: 0, pendingAck: new Set(),
  selected: null, dirty: true, warnDirty: true, netDirty: true, detail: null,
  bytes: 0, messages: 0,
  now() { return app.tBase ? app.tBase + (performance.now() - app.recvAt) / 1000 * state.rate : 0; },
};
const perf = { draws: [], frames: 0, mean: 0, p95: 0, p99: 0, max: 0, intervals: [], lastRaf: 0 };
window.skyweave = { state, app, perf };

const map = new MapView(document.getElementById('map'));
window.skyweave.mapView = map;

// ---- the picture ----
function trackFrom(arr) {
  const ix = state.ix, t = {};
  for (const k in ix) t[k] = arr[ix[k]];
  return t;
}

function upsertTrack(arr) {
  const t = trackFrom(arr), old = state.tracks.get(t.stn);
  t.trail = old ? old.trail : [];
  if (!old || old.lat !== t.lat || old.lon !== t.lon) {
    t.trail.push([t.lon, t.lat]);
    if (t.trail.length > TRAIL) t.trail.shift();
  }
  t.xy = null; // screen caches (map.js) are rebuilt for the new state
  state.tracks.set(t.stn, t);
  if (t.stn === app.selected) refreshDetail();
}

function apply(msg, isSnapshot) {
  if (isSnapshot) {
    state.self = msg.self; state.nations = msg.nations; state.staleS = msg.stale_s;
    state.rate = msg.rate || 1; state.instance = msg.instance; state.ix = fieldIndex(msg.fields);
    const old = state.tracks;
    state.tracks = new Map();
    for (const a of msg.tracks) {
      const t = trackFrom(a), o = old.get(t.stn);
      t.trail = o ? o.trail : [[t.lon, t.lat]];
      state.tracks.set(t.stn, t);
    }
    state.warnings = new Map(msg.warnings.map((w) => [w.id, w]));
    state.status = msg.status;
    state.layers = msg.layers;
    map.setLayers(msg.layers, msg.nations);
  } else {
    for (const stn of msg.del || []) state.tracks.delete(stn);
    for (const id of msg.wdel || []) state.warnings.delete(id);
    for (const a of msg.tracks || []) upsertTrack(a);
    for (const w of msg.warnings || []) {
      state.warnings.set(w.id, w);
      if (w.state !== 'issued' && w.state !== 'updated') app.pendingAck.delete(w.id);
    }
    if (msg.status) state.status = msg.status;
    if (msg.layers) { state.layers = msg.layers; map.setLayers(msg.layers, state.nations); }
  }
  if (isSnapshot || msg.warnings || msg.wdel) app.warnDirty = true;
  if (isSnapshot || msg.status) app.netDirty = true;
  app.dirty = true;
}

function onMessage(ev, isSnapshot) {
  const msg = JSON.parse(ev.data);
  app.bytes += ev.data.length;
  app.messages++;
  app.tBase = msg.t;
  app.recvAt = performance.now();
  app.lastMsg = app.recvAt;
  if (ev.type !== 'tick') apply(msg, isSnapshot);
}

function connect() {
  const es = new EventSource(withToken('events'));
  es.addEventListener('snapshot', (ev) => onMessage(ev, true));
  es.addEventListener('delta', (ev) => onMessage(ev, false));
  es.addEventListener('tick', (ev) => onMessage(ev, false));
  es.onopen = () => { app.connected = true; };
  es.onerror = () => { app.connected = false; }; // EventSource reconnects by itself
}

// ---- actions ----
function apiHeaders() {
  const h = { 'Content-Type': 'application/json' };
  if (token) h['X-Skyweave-Token'] = token;
  return h;
}

app.acknowledge = async (id, button) => {
  app.pendingAck.add(id);
  button.disabled = true;
  button.textContent = 'Sending…';
  const operator = document.getElementById('operator').value.trim() || 'operator';
  try {
    const r = await fetch('api/ack', { method: 'POST', headers: apiHeaders(), body: JSON.stringify({ id, operator }) });
    if (!r.ok) throw new Error((await r.json()).error || r.status);
  } catch (e) {
    app.pendingAck.delete(id);
    button.disabled = false;
    button.textContent = 'Acknowledge (failed: ' + e.message + ')';
  }
};

app.centerOn = (lat, lon) => {
  const xy = map.proj([lon, lat]);
  if (xy) { map.pan(map.w / 2 - xy[0], map.h / 2 - xy[1]); app.dirty = true; }
};

async function refreshDetail() {
  const stn = app.selected;
  if (stn === null) { panels.renderDetails(app, null); return; }
  try {
    const r = await fetch(withToken('api/track?stn=' + stn));
    if (r.ok && app.selected === stn) panels.renderDetails(app, await r.json());
    else if (r.status === 404) { app.selected = null; panels.renderDetails(app, null); }
  } catch (e) { /* the stream shows the connection state */ }
}

// ---- interaction ----
function setupInput() {
  const cv = map.canvas;
  let drag = null, moved = false;
  cv.addEventListener('mousedown', (e) => { drag = [e.offsetX, e.offsetY]; moved = false; });
  window.addEventListener('mouseup', () => {
    if (drag) { map.endPan(); app.dirty = true; }
    drag = null;
  });
  cv.addEventListener('mousemove', (e) => {
    if (!drag) return;
    const dx = e.offsetX - drag[0], dy = e.offsetY - drag[1];
    if (Math.abs(dx) + Math.abs(dy) > 2) moved = true;
    map.pan(dx, dy, true); drag = [e.offsetX, e.offsetY]; app.dirty = true;
  });
  cv.addEventListener('click', (e) => {
    if (moved) return;
    const t = map.pick(state, e.offsetX, e.offsetY);
    app.selected = t ? t.stn : null;
    refreshDetail();
    app.dirty = true;
  });
  cv.addEventListener('dblclick', () => { map.resetView(); app.dirty = true; });
  cv.addEventListener('wheel', (e) => {
    e.preventDefault();
    map.zoomAt(e.offsetX, e.offsetY, e.deltaY < 0 ? 1.25 : 0.8); app.dirty = true;
  }, { passive: false });
  window.addEventListener('resize', () => { map.resize(); app.dirty = true; });
  document.getElementById('det-close').addEventListener('click', () => {
    app.selected = null; panels.renderDetails(app, null); app.dirty = true;
  });
  const lb = document.getElementById('legend-btn'), lg = document.getElementById('legend');
  lb.addEventListener('click', () => { lg.hidden = !lg.hidden; });
}

// ---- the frame loop ----
function recordFrame(ms) {
  perf.draws.push(ms);
  if (perf.draws.length > 300) perf.draws.shift();
  perf.frames++;
  const s = [...perf.draws].sort((a, b) => a - b);
  perf.mean = s.reduce((a, b) => a + b, 0) / s.length;
  perf.p95 = s[Math.min(s.length - 1, Math.floor(s.length * 0.95))];
  perf.p99 = s[Math.min(s.length - 1, Math.floor(s.length * 0.99))];
  perf.max = s[s.length - 1];
}

let lastSecond = 0, visible = 0;
const forceRedraw = params.has('bench'); // ?bench: draw every frame, to measure frame time
function frame(ts) {
  if (perf.lastRaf) { perf.intervals.push(ts - perf.lastRaf); if (perf.intervals.length > 600) perf.intervals.shift(); }
  perf.lastRaf = ts;
  const now = app.now(), sec = Math.floor(performance.now() / 1000);
  if (sec !== lastSecond) { app.dirty = true; app.netDirty = true; lastSecond = sec; } // ages move
  if (app.dirty || forceRedraw) {
    const t0 = performance.now();
    visible = map.draw(state, now, app.selected);
    recordFrame(performance.now() - t0);
    app.dirty = false;
  }
  if (app.warnDirty) { panels.renderWarnings(app); app.warnDirty = false; }
  else panels.tickCountdowns(now);
  if (app.netDirty) {
    panels.renderNetwork(app);
    panels.renderSensors(app);
    if (map.setRadarHealth(panels.sensorHealth(app), state.self)) app.dirty = true;
    app.netDirty = false;
  }
  panels.renderHeader(app, visible, perf.frames ? perf : null);
  requestAnimationFrame(frame);
}

async function loadBorders() {
  try {
    const r = await fetch('node_modules/world-atlas/countries-50m.json');
    if (!r.ok) throw new Error(r.status);
    map.setTopology(await r.json());
    app.dirty = true;
  } catch (e) {
    console.warn('skyweave: no country borders (run scripts/install-deps):', e);
  }
}

setupInput();
panels.renderLegend();
loadBorders();
connect();
requestAnimationFrame(frame);
