// symbols.js - how a track looks: shape by class, colour by affiliation (APP-6 / MIL-STD-2525
// colour convention), and the text of its label.  One table, used by the map and the legend.

export const CLASS = ['unknown', 'aircraft', 'ballistic', 'cruise', 'drone'];

export const AFFILIATION = {
  F: { name: 'friend', color: '#7fd3ff' },
  N: { name: 'neutral (cooperative civil)', color: '#8df08d' },
  U: { name: 'unknown', color: '#ffef7a' },
  S: { name: 'suspect (threat class, low confidence)', color: '#ffab52' },
  H: { name: 'hostile (threat class)', color: '#ff5c5c' },
};

// Traces the symbol of class `cls` centred on (x, y) into the current path.
export function tracePath(ctx, cls, x, y, r) {
  switch (cls) {
    case 1: // aircraft: circle
      ctx.moveTo(x + r, y);
      ctx.arc(x, y, r, 0, 2 * Math.PI);
      break;
    case 2: // ballistic missile: triangle pointing up
      ctx.moveTo(x, y - r * 1.4);
      ctx.lineTo(x + r * 1.25, y + r);
      ctx.lineTo(x - r * 1.25, y + r);
      ctx.closePath();
      break;
    case 3: // cruise missile: diamond
      ctx.moveTo(x, y - r * 1.3);
      ctx.lineTo(x + r * 1.3, y);
      ctx.lineTo(x, y + r * 1.3);
      ctx.lineTo(x - r * 1.3, y);
      ctx.closePath();
      break;
    case 4: // drone: small square
      ctx.rect(x - r * 0.85, y - r * 0.85, r * 1.7, r * 1.7);
      break;
    default: // unknown: square with a gap (drawn as a square; filled less)
      ctx.rect(x - r, y - r, 2 * r, 2 * r);
  }
}

export const FIELDS = ['stn', 'status', 'cls', 'aff', 'conf', 'rep', 'lat', 'lon', 'alt', 'gs',
  'hdg', 'vz', 'cs', 'm3a', 'q', 'nsrc', 'nat', 't', 'ea', 'eb', 'eo'];

// Field index by name, from the snapshot's "fields" list (so a server with more fields still works).
export function fieldIndex(fields) {
  const ix = {};
  (fields || FIELDS).forEach((f, i) => { ix[f] = i; });
  return ix;
}

export function flightLevel(altM) {
  if (altM === null || altM === undefined) return '';
  const fl = Math.round(altM / 30.48);
  return fl >= 0 ? 'FL' + String(fl).padStart(3, '0') : Math.round(altM) + 'm';
}

export function knots(mps) {
  return Math.round(mps * 1.943844) + 'kt';
}

// Two label lines: number and identity, then level and speed.
export function labelLines(t) {
  const ident = t.cs || (t.m3a ? 'A' + t.m3a : '');
  return [String(t.stn) + (ident ? ' ' + ident : ''),
    (flightLevel(t.alt) + ' ' + knots(t.gs)).trim()];
}

export function fmtAge(s) {
  if (s < 60) return Math.round(s) + 's';
  if (s < 3600) return Math.floor(s / 60) + 'm' + String(Math.round(s % 60)).padStart(2, '0');
  return Math.floor(s / 3600) + 'h' + String(Math.floor((s % 3600) / 60)).padStart(2, '0');
}

export function fmtCountdown(s) {
  const neg = s < 0;
  s = Math.abs(Math.round(s));
  const m = Math.floor(s / 60), ss = String(s % 60).padStart(2, '0');
  return (neg ? 'T+' : 'T-') + String(m).padStart(2, '0') + ':' + ss;
}
