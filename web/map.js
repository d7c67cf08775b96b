// map.js - the map canvas: Natural Earth borders (world-atlas, TopoJSON) in a Mercator projection
// fitted to the region, defended areas and radar coverage on a cached base layer that is redrawn
// only when the view changes, and the tracks drawn over it each frame they change.
// Symbols are batched by (class, affiliation) so 2,000 tracks cost a few dozen canvas calls,
// and labels are drawn only when few enough tracks are in view to read them.
import { AFFILIATION, tracePath, labelLines, fmtAge } from './symbols.js';

const REGION = [[24.0, 12.0], [60.0, 35.0]]; // lon/lat corners: Egypt to the UAE
const NATION_COLORS = ['#5fa8ff', '#f28fd0', '#ffd24d', '#6fe0c8', '#b59cff', '#ff9966',
  '#9fe870', '#ff6f91'];
const K95 = 2.4477; // 95 % of a 2-D Gaussian lies inside 2.4477 sigma
const HEALTH_COLORS = { ok: '#4fd17a', warn: '#f2c14e', bad: '#ff5a5a' }; // style.css --ok/--warn/--bad
const LABEL_MAX = 150; // labels for every track only when at most this many are in view

export class MapView {
  constructor(canvas) {
    this.canvas = canvas;
    this.ctx = canvas.getContext('2d');
    this.base = document.createElement('canvas');
    this.proj = d3.geoMercator();
    this.geo = null; // {land, borders, coast}
    this.layers = null;
    this.nations = [];
    this.self = '';
    this.radarHealth = new Map(); // own radar name -> 'ok' | 'warn' | 'bad' (the sensors panel)
    this.healthSig = '';
    this.baseDirty = true;
    this.baseShift = [0, 0];
    this.viewV = 0; // bumped on every change of projection: cached screen positions go stale
    this.resize();
  }

  resize() {
    const r = this.canvas.getBoundingClientRect(), dpr = window.devicePixelRatio || 1;
    this.w = Math.max(100, r.width);
    this.h = Math.max(100, r.height);
    this.sprites = null;
    for (const c of [this.canvas, this.base]) {
      c.width = Math.round(this.w * dpr);
      c.height = Math.round(this.h * dpr);
    }
    this.dpr = dpr;
    this.resetView();
  }

  resetView() {
    this.viewV++;
    const box = { type: 'MultiPoint', coordinates: REGION };
    this.proj.fitExtent([[10, 10], [this.w - 10, this.h - 10]], box);
    this.proj.clipExtent([[0, 0], [this.w, this.h]]);
    this.baseDirty = true;
  }

  zoomAt(x, y, f) {
    this.viewV++;
    const s = this.proj.scale(), t = this.proj.translate();
    const ns = Math.min(Math.max(s * f, 200), 200000), g = ns / s;
    this.proj.scale(ns).translate([x - (x - t[0]) * g, y - (y - t[1]) * g]);
    this.baseDirty = true;
  }

  // While dragging, the cached base is shifted rather than redrawn; endPan() redraws it.
  pan(dx, dy, dragging) {
    this.viewV++;
    const t = this.proj.translate();
    this.proj.translate([t[0] + dx, t[1] + dy]);
    if (dragging && !this.baseDirty) {
      this.baseShift[0] += dx;
      this.baseShift[1] += dy;
    } else {
      this.baseDirty = true;
    }
  }

  endPan() {
    if (this.baseShift[0] || this.baseShift[1]) this.baseDirty = true;
  }

  // Keeps the countries near the region: the 50 m world has ~240 of them.
  setTopology(topo) {
    const obj = topo.objects.countries;
    const near = obj.geometries.filter((g) => {
      const b = d3.geoBounds(topojson.feature(topo, g));
      return b[1][0] > 10 && b[0][0] < 75 && b[1][1] > 0 && b[0][1] < 45;
    });
    const sub = { type: 'GeometryCollection', geometries: near };
    this.geo = {
      land: topojson.merge(topo, near),
      borders: topojson.mesh(topo, sub, (a, b) => a !== b),
      coast: topojson.mesh(topo, sub, (a, b) => a === b),
    };
    this.baseDirty = true;
  }

  setLayers(layers, nations) {
    this.layers = layers;
    this.nations = nations || [];
    this.baseDirty = true;
  }

  // The own radars' health rings the markers; the cached base is redrawn only when it changed.
  setRadarHealth(m, self) {
    const sig = JSON.stringify([self, ...m]);
    if (sig === this.healthSig) return false;
    this.healthSig = sig;
    this.radarHealth = m;
    this.self = self;
    this.baseDirty = true;
    return true;
  }

  nationColor(code) {
    const i = this.nations.indexOf(code);
    return NATION_COLORS[(i < 0 ? 0 : i) % NATION_COLORS.length];
  }

  drawBase() {
    const c = this.base.getContext('2d'), p = d3.geoPath(this.proj, c);
    c.setTransform(this.dpr, 0, 0, this.dpr, 0, 0);
    c.fillStyle = '#07121b';
    c.fillRect(0, 0, this.w, this.h);
    if (this.geo) {
      c.beginPath(); p(this.geo.land); c.fillStyle = '#1b2a33'; c.fill();
      c.beginPath(); p(this.geo.coast); c.strokeStyle = '#56768a'; c.lineWidth = 1; c.stroke();
      c.beginPath(); p(this.geo.borders); c.strokeStyle = '#7590a3';
      c.setLineDash([4, 3]); c.stroke(); c.setLineDash([]);
    }
    // graticule every 5 degrees
    c.beginPath(); p(d3.geoGraticule().step([5, 5])()); c.strokeStyle = 'rgba(120,150,170,0.12)';
    c.stroke();
    if (this.layers) this.drawLayers(c, p);
    this.baseDirty = false;
    this.baseShift = [0, 0];
  }

  drawLayers(c, p) {
    for (const r of this.layers.radars || []) {
      const col = this.nationColor(r.nation);
      if (r.range_m > 0) {
        c.beginPath();
        p(d3.geoCircle().center([r.lon, r.lat]).radius(r.range_m / 6371008.8 * 180 / Math.PI)());
        c.strokeStyle = col + '55'; c.lineWidth = 1; c.stroke();
      }
      const xy = this.proj([r.lon, r.lat]);
      if (!xy) continue;
      c.fillStyle = col; c.fillRect(xy[0] - 3, xy[1] - 3, 6, 6);
      const h = r.nation === this.self && this.radarHealth.get(r.name);
      if (h) {
        c.strokeStyle = HEALTH_COLORS[h]; c.lineWidth = 2;
        c.strokeRect(xy[0] - 5.5, xy[1] - 5.5, 11, 11);
      }
    }
    for (const a of this.layers.areas || []) {
      const col = this.nationColor(a.nation);
      c.beginPath();
      if (a.circle) {
        p(d3.geoCircle().center([a.circle[1], a.circle[0]])
          .radius(a.circle[2] / 6371008.8 * 180 / Math.PI)());
      } else {
        const ring = a.polygon.map((q) => [q[1], q[0]]);
        ring.push(ring[0]);
        // d3 wants clockwise exterior rings; try one way, fall back if it covers the globe
        let poly = { type: 'Polygon', coordinates: [ring] };
        if (d3.geoArea(poly) > 2 * Math.PI) poly = { type: 'Polygon', coordinates: [ring.slice().reverse()] };
        p(poly);
      }
      c.fillStyle = col + '30'; c.fill();
      c.strokeStyle = col; c.lineWidth = 1.5; c.stroke();
      const ctr = a.circle ? [a.circle[1], a.circle[0]] : [a.polygon[0][1], a.polygon[0][0]];
      const xy = this.proj(ctr);
      if (xy && this.proj.scale() > 1800) {
        c.fillStyle = col; c.font = '11px "DejaVu Sans", sans-serif';
        c.fillText(a.name, xy[0] + 6, xy[1] - 6);
      }
    }
  }

  // Draws everything; returns the number of tracks in view.
  draw(state, now, selected) {
    if (this.baseDirty) this.drawBase();
    const c = this.ctx;
    c.setTransform(1, 0, 0, 1, 0, 0);
    if (this.baseShift[0] || this.baseShift[1]) {
      c.fillStyle = '#07121b';
      c.fillRect(0, 0, this.canvas.width, this.canvas.height);
    }
    c.drawImage(this.base, this.baseShift[0] * this.dpr, this.baseShift[1] * this.dpr);
    c.setTransform(this.dpr, 0, 0, this.dpr, 0, 0);
    for (const w of state.warnings.values()) this.drawWarning(c, w);
    const vis = [];
    for (const t of state.tracks.values()) {
      // screen positions are cached per track until the view or the track changes
      if (t.viewV !== this.viewV) {
        t.viewV = this.viewV;
        t.pxy = this.proj([t.lon, t.lat]);
        t.trailXY = null;
        t.vecXY = null;
      }
      const xy = t.pxy;
      if (!xy || xy[0] < -20 || xy[1] < -20 || xy[0] > this.w + 20 || xy[1] > this.h + 20) {
        t.xy = null;
        continue;
      }
      t.xy = xy;
      vis.push(t);
    }
    this.drawTrails(c, vis);
    this.drawVectors(c, vis);
    this.drawSymbols(c, vis, now, state.staleS);
    this.drawLabels(c, vis, now, state.staleS, selected);
    if (selected && state.tracks.has(selected)) this.drawEllipse(c, state.tracks.get(selected));
    return vis.length;
  }

  drawTrails(c, vis) {
    c.lineWidth = 1;
    for (const aff of Object.keys(AFFILIATION)) {
      c.beginPath();
      for (const t of vis) {
        if (t.aff !== aff || t.trail.length < 2) continue;
        if (!t.trailXY) t.trailXY = t.trail.map((q) => this.proj(q)).filter(Boolean);
        const pts = t.trailXY;
        c.moveTo(pts[0][0], pts[0][1]);
        for (let i = 1; i < pts.length; i++) c.lineTo(pts[i][0], pts[i][1]);
      }
      c.strokeStyle = AFFILIATION[aff].color + '66';
      c.stroke();
    }
  }

  // Heading vector: where the track will be in 120 s at its present velocity.
  drawVectors(c, vis) {
    c.beginPath();
    for (const t of vis) {
      if (!(t.gs > 1)) continue;
      if (!t.vecXY) {
        const h = t.hdg * Math.PI / 180, d = t.gs * 120;
        const lat = t.lat + d * Math.cos(h) / 111320;
        const lon = t.lon + d * Math.sin(h) / (111320 * Math.cos(t.lat * Math.PI / 180));
        t.vecXY = this.proj([lon, lat]);
      }
      const e = t.vecXY;
      if (!e) continue;
      c.moveTo(t.xy[0], t.xy[1]);
      c.lineTo(e[0], e[1]);
    }
    c.strokeStyle = 'rgba(220,230,240,0.55)'; c.lineWidth = 1; c.stroke();
  }

  // A symbol drawn once into a small bitmap and stamped with drawImage: 2,000 stamps cost a few
  // milliseconds, where one path of 2,000 filled contours costs a software rasteriser ~100 ms.
  sprite(cls, aff, stale, coasting) {
    const key = cls + aff + (stale ? 's' : '') + (coasting ? 'c' : '');
    this.sprites = this.sprites || new Map();
    let sp = this.sprites.get(key);
    if (sp) return sp;
    const size = 18, dpr = this.dpr;
    sp = document.createElement('canvas');
    sp.width = sp.height = Math.ceil(size * dpr);
    const c = sp.getContext('2d'), col = AFFILIATION[aff] ? AFFILIATION[aff].color : '#ffffff';
    c.scale(dpr, dpr);
    c.globalAlpha = stale ? 0.4 : 1;
    c.beginPath();
    tracePath(c, cls, size / 2, size / 2, cls === 2 ? 5 : 4);
    c.fillStyle = col + (cls === 0 ? '40' : 'a0');
    c.fill();
    c.setLineDash(coasting ? [2, 2] : []); // coasting: dashed outline
    c.lineWidth = 1.3;
    c.strokeStyle = col;
    c.stroke();
    sp.half = size / 2;
    this.sprites.set(key, sp);
    // an ImageBitmap is a ready-to-copy texture; a canvas source may be snapshotted per draw
    if (window.createImageBitmap) {
      const sprites = this.sprites;
      createImageBitmap(sp).then((bm) => {
        bm.half = sp.half;
        if (this.sprites === sprites) sprites.set(key, bm);
      });
    }
    return sp;
  }

  drawSymbols(c, vis, now, staleS) {
    // device pixels, whole-pixel positions, natural size: a plain copy, no filtering
    c.setTransform(1, 0, 0, 1, 0, 0);
    const d = this.dpr;
    for (const t of vis) {
      const sp = this.sprite(t.cls, t.aff, now - t.t > staleS, t.status === 2);
      c.drawImage(sp, Math.round((t.xy[0] - sp.half) * d), Math.round((t.xy[1] - sp.half) * d));
    }
    c.setTransform(d, 0, 0, d, 0, 0);
  }

  drawLabels(c, vis, now, staleS, selected) {
    const all = vis.length <= LABEL_MAX;
    c.font = '10px "DejaVu Sans Mono", monospace';
    for (const t of vis) {
      const threat = t.aff === 'H' || t.aff === 'S';
      if (!all && !threat && t.stn !== selected) continue;
      const [l1, l2] = labelLines(t);
      const age = now - t.t, x = t.xy[0] + 7, y = t.xy[1] - 4;
      c.fillStyle = threat ? '#ffb0a0' : '#cfe3f0';
      c.fillText(l1, x, y);
      c.fillStyle = '#8fa6b5';
      c.fillText(age > staleS ? l2 + ' ' + fmtAge(age) + ' old' : l2, x, y + 11);
    }
  }

  // A Gaussian ellipse (1-sigma semi-axes a, b in metres, major axis `o` degrees from north),
  // scaled to 95 %, as a ring of lon/lat points.
  ellipseRing(lat, lon, a, b, o, k) {
    const ring = [], th = o * Math.PI / 180, cl = Math.cos(lat * Math.PI / 180);
    for (let i = 0; i <= 48; i++) {
      const u = 2 * Math.PI * i / 48, ma = k * a * Math.cos(u), mi = k * b * Math.sin(u);
      const north = ma * Math.cos(th) - mi * Math.sin(th), east = ma * Math.sin(th) + mi * Math.cos(th);
      ring.push([lon + east / (111320 * cl), lat + north / 111320]);
    }
    return ring;
  }

  strokeRing(c, ring) {
    c.beginPath();
    let first = true;
    for (const q of ring) {
      const xy = this.proj(q);
      if (!xy) continue;
      if (first) c.moveTo(xy[0], xy[1]); else c.lineTo(xy[0], xy[1]);
      first = false;
    }
  }

  drawEllipse(c, t) {
    if (!t.xy) return;
    const ring = this.ellipseRing(t.lat, t.lon, Math.max(t.ea, 1), Math.max(t.eb, 1), t.eo, K95);
    this.strokeRing(c, ring);
    c.strokeStyle = '#ffffff'; c.lineWidth = 1; c.stroke();
    c.beginPath(); c.arc(t.xy[0], t.xy[1], 9, 0, 2 * Math.PI); c.stroke();
  }

  drawWarning(c, w) {
    if (w.state === 'retracted' || w.state === 'closed') return;
    const ring = this.ellipseRing(w.lat, w.lon, Math.max(w.a_m, 200), Math.max(w.b_m, 200),
      w.orient_deg, K95);
    this.strokeRing(c, ring);
    c.fillStyle = w.state === 'acknowledged' ? 'rgba(255,140,60,0.25)' : 'rgba(255,60,60,0.35)';
    c.fill();
    c.strokeStyle = '#ff4040'; c.lineWidth = 2; c.stroke();
    const xy = this.proj([w.lon, w.lat]);
    if (xy) {
      c.beginPath();
      c.moveTo(xy[0] - 6, xy[1] - 6); c.lineTo(xy[0] + 6, xy[1] + 6);
      c.moveTo(xy[0] + 6, xy[1] - 6); c.lineTo(xy[0] - 6, xy[1] + 6);
      c.stroke();
    }
  }

  // The track nearest to (x, y) within 10 px, or null.
  pick(state, x, y) {
    let best = null, bd = 100;
    for (const t of state.tracks.values()) {
      if (!t.xy) continue;
      const d = (t.xy[0] - x) ** 2 + (t.xy[1] - y) ** 2;
      if (d < bd) { bd = d; best = t; }
    }
    return best;
  }
}
