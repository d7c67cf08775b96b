// tests/e2e/web_browser.mjs - drives the operator page in headless Chromium (Debian's chromium,
// playwright-core from web/node_modules).  Modes:
//   e2e URL OUTDIR [TOKEN_URL]   tracks appear and move, a warning shows and counts down, a track
//                                opens its details, acknowledging reaches the server; screenshot
//   frametime URL SECONDS        draws every frame (?bench) and prints the frame-time figures
//   node URL OUTDIR              a node's page: a warning for its nation arrives over the network
//                                and counts down; acknowledging it goes to the node; screenshot
//   sensors URL OUTDIR           a node with a radar (QA-R1 of node3): the Sensors panel shows it
//                                healthy with its registration, its map marker ringed; screenshot
// Exits non-zero with "FAIL: ..." on the first failed check.
import { createRequire } from 'module';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import path from 'path';

const src = process.env.SW_SOURCE_DIR || path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const require = createRequire(path.join(src, 'web', 'package.json'));
const { chromium } = require('playwright-core');

const [mode, url, arg, tokenUrl] = process.argv.slice(2);
const fail = (msg) => { console.error('FAIL: ' + msg); process.exitCode = 1; throw new Error(msg); };
const check = (ok, msg) => { if (!ok) fail(msg); console.log('ok - ' + msg); };

const profile = mkdtempSync(path.join(tmpdir(), 'sw_chromium_'));
const browser = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  viewport: { width: 1400, height: 850 },
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const errors = [];
async function open(u) {
  const page = await browser.newPage();
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('response', (r) => {
    if (r.status() >= 400 && !r.url().endsWith('/favicon.ico')) errors.push(r.status() + ' ' + r.url());
  });
  await page.goto(u);
  return page;
}
const state = (page, fn, a) => page.evaluate(fn, a);

try {
  if (mode === 'frametime') {
    const page = await open(url + (url.includes('?') ? '&' : '?') + 'bench=1');
    await page.waitForFunction(() => window.skyweave && window.skyweave.state.tracks.size > 0, null, { timeout: 20000 });
    await page.waitForTimeout(2000); // borders and first full frames
    await state(page, () => {
      const p = window.skyweave.perf;
      p.draws.length = 0; p.frames = 0; p.intervals.length = 0;
    });
    const secs = Number(arg || 10), t0 = Date.now();
    await page.waitForTimeout(secs * 1000);
    const r = await state(page, () => {
      const p = window.skyweave.perf, a = window.skyweave.app;
      const iv = [...p.intervals].sort((x, y) => x - y), q = (f) => iv[Math.min(iv.length - 1, Math.floor(iv.length * f))];
      return { tracks: window.skyweave.state.tracks.size, frames: p.frames, draw_mean_ms: p.mean,
        draw_p95_ms: p.p95, draw_p99_ms: p.p99, draw_max_ms: p.max,
        frame_interval_p50_ms: q(0.5), frame_interval_p95_ms: q(0.95), stream_bytes: a.bytes,
        messages: a.messages };
    });
    r.fps = r.frames / ((Date.now() - t0) / 1000);
    console.log('frametime ' + JSON.stringify(r));
  } else if (mode === 'node') {
    const page = await open(url);
    await page.waitForFunction(() => window.skyweave && window.skyweave.state.status, null, { timeout: 20000 });
    const partners = await page.locator('#partners tbody tr').count();
    check(partners >= 2, partners + ' partners in the network panel');
    // this node takes no radar input: an empty sensors array, and the panel says so
    const sens = await state(page, () => window.skyweave.state.status.sensors);
    check(Array.isArray(sens) && sens.length === 0, 'no own sensors in the status');
    check(/^none/.test((await page.textContent('#sensors tbody')).trim()), 'the Sensors panel says none');
    const li = page.locator('#warnings li.own');
    await li.first().waitFor({ timeout: 60000 });
    // the countdown runs with the clock; an update of the warning in between moves the
    // predicted time itself (data-t-impact), which the expected change takes into account
    const cdl = () => li.first().locator('.countdown');
    const cd1 = (await cdl().textContent()).trim(), t1 = Number(await cdl().getAttribute('data-t-impact')), w1 = Date.now();
    await page.waitForTimeout(2500);
    const cd2 = (await cdl().textContent()).trim(), t2 = Number(await cdl().getAttribute('data-t-impact')), w2 = Date.now();
    const secs = (s) => { const m = /^T-(\d\d):(\d\d)$/.exec(s); return m ? 60 * m[1] + Number(m[2]) : NaN; };
    const ran = secs(cd1) - secs(cd2), wall = (w2 - w1) / 1000, moved = t2 - t1;
    check(secs(cd1) > 60 && Math.abs(ran - (wall - moved)) <= 2,
      'countdown runs: ' + cd1 + ' -> ' + cd2 + ' in ' + wall.toFixed(1) + ' s (prediction moved ' +
      moved.toFixed(1) + ' s)');
    const wid = await li.first().getAttribute('data-warning-id');
    const text = await li.first().textContent();
    console.log('# warning ' + wid + ': ' + text.replace(/\s+/g, ' ').trim());
    await page.fill('#operator', 'e2e-operator');
    await li.first().locator('button.ack').click();
    await page.waitForSelector(`#warnings li.acknowledged[data-warning-id="${wid}"]`, { timeout: 10000 });
    const ackText = await page.textContent(`#warnings li[data-warning-id="${wid}"]`);
    check(/acknowledged .* by e2e-operator/.test(ackText), 'warning ' + wid + ' acknowledged by e2e-operator');
    await page.screenshot({ path: path.join(arg, 'web_node.png') });
    console.log('screenshot ' + path.join(arg, 'web_node.png'));
    console.log('acknowledged ' + wid);
    check(errors.length === 0, 'no page errors' + (errors.length ? ': ' + errors.join('; ') : ''));
  } else if (mode === 'sensors') {
    const page = await open(url);
    const sel = '#sensors tbody tr[data-sensor^="QA-R1/"]';
    await page.waitForFunction((s) => {
      const td = document.querySelector(s + ' td.health');
      return td && td.textContent === 'ok';
    }, sel, { timeout: 20000 });
    const rows = await page.locator('#sensors tbody tr').count();
    check(rows === 1, rows + ' row(s) in the Sensors panel');
    const row = page.locator(sel);
    const cells = (await row.locator('td').allTextContents()).map((c) => c.trim());
    console.log('# sensor row: ' + cells.join(' | '));
    check(cells[0] === 'QA-R1', 'the radar by name: ' + cells[0]);
    check(await row.locator('td.health.ok').count() === 1, 'health ok, shown as ok');
    check(/^\d+s$/.test(cells[2]), 'age of its last message: ' + cells[2]);
    check(cells[3] === '2.0 s', 'measured scan period: ' + cells[3]);
    check(/^not yet \(\d+ pairs\)|, applied/.test(cells[4]), 'registration: ' + cells[4]);
    const title = await row.locator('td.reg').getAttribute('title');
    check(/pairs with ADS-B; range .* m, .*azimuth .*°, elevation .*clock/.test(title), 'registration estimate in the tooltip');
    const ring = await state(page, () => window.skyweave.mapView.radarHealth.get('QA-R1'));
    check(ring === 'ok', 'the radar marker is ringed by its health');
    await page.screenshot({ path: path.join(arg, 'web_sensors.png') });
    console.log('screenshot ' + path.join(arg, 'web_sensors.png'));
    check(errors.length === 0, 'no page errors' + (errors.length ? ': ' + errors.join('; ') : ''));
  } else {
    const page = await open(url);
    // 1. tracks appear and move
    await page.waitForFunction(() => window.skyweave && window.skyweave.state.tracks.size >= 100, null, { timeout: 20000 });
    const before = await state(page, () => [...window.skyweave.state.tracks.values()].map((t) => [t.stn, t.lat, t.lon]));
    check(before.length >= 100, before.length + ' tracks on the page');
    await page.waitForTimeout(6000);
    const moved = await state(page, (b) => {
      const m = window.skyweave.state.tracks;
      return b.filter(([stn, lat, lon]) => m.has(stn) && (m.get(stn).lat !== lat || m.get(stn).lon !== lon)).length;
    }, before);
    check(moved > before.length * 0.8, moved + ' of ' + before.length + ' tracks moved within 6 s');
    const trails = await state(page, () => [...window.skyweave.state.tracks.values()].filter((t) => t.trail.length >= 2).length);
    check(trails > 0, trails + ' tracks have a trail');
    const frames = await state(page, () => window.skyweave.perf.frames);
    check(frames > 0, frames + ' frames drawn');
    // 2. details of a track on click
    const pick = await state(page, () => {
      const t = [...window.skyweave.state.tracks.values()].find((x) => x.xy && x.xy[0] > 50 && x.xy[1] > 50);
      return t ? { stn: t.stn, x: t.xy[0], y: t.xy[1] } : null;
    });
    check(pick !== null, 'a track in view');
    const box = await page.locator('#map').boundingBox();
    await page.mouse.click(box.x + pick.x, box.y + pick.y);
    await page.waitForSelector('#details-panel:not([hidden])', { timeout: 5000 });
    const det = await page.textContent('#det-stn');
    const detText = await page.textContent('#details');
    check(Number(det) > 0 && /error ellipse/.test(detText) && /sources/.test(detText),
      'details of track ' + det + ' (clicked ' + pick.stn + ') with sources and ellipse');
    // 3. network health: a row per partner
    const partners = await page.locator('#partners tbody tr').count();
    check(partners >= 1, partners + ' partners in the network panel');
    // 4. a warning for this nation with a running countdown
    const li = page.locator('#warnings li.own');
    await li.first().waitFor({ timeout: 60000 });
    const cd1 = (await li.first().locator('.countdown').textContent()).trim(), w1 = Date.now();
    await page.waitForTimeout(2500);
    const cd2 = (await li.first().locator('.countdown').textContent()).trim(), w2 = Date.now();
    const secs = (s) => { const m = /^T-(\d\d):(\d\d)$/.exec(s); return m ? 60 * m[1] + Number(m[2]) : NaN; };
    const ran = secs(cd1) - secs(cd2), wall = (w2 - w1) / 1000; // the page's clock follows the node's
    check(secs(cd1) > 0 && ran >= 1 && Math.abs(ran - wall) <= 2,
      'countdown runs: ' + cd1 + ' -> ' + cd2 + ' in ' + wall.toFixed(1) + ' s');
    const onMap = await state(page, () => [...window.skyweave.state.warnings.values()].some((w) => w.state === 'issued' || w.state === 'updated'));
    check(onMap, 'the warning is in the picture (impact ellipse drawn)');
    // 5. acknowledge: the server's callback answers, the state comes back acknowledged
    const wid = await li.first().getAttribute('data-warning-id');
    await page.fill('#operator', 'e2e-operator');
    await li.first().locator('button.ack').click();
    await page.waitForSelector(`#warnings li.acknowledged[data-warning-id="${wid}"]`, { timeout: 10000 });
    const ackText = await page.textContent(`#warnings li[data-warning-id="${wid}"]`);
    check(/acknowledged .* by e2e-operator/.test(ackText), 'warning ' + wid + ' acknowledged by e2e-operator');
    await page.screenshot({ path: path.join(arg, 'web_display.png') });
    console.log('screenshot ' + path.join(arg, 'web_display.png'));
    // 6. with a token: the page, its files (cookie) and the stream (query) work
    if (tokenUrl) {
      const p2 = await open(tokenUrl);
      await p2.waitForFunction(() => window.skyweave && window.skyweave.state.tracks.size > 0, null, { timeout: 20000 });
      check(true, 'page with a token streams tracks');
      const bare = await open(tokenUrl.replace(/\?token=.*/, 'api/snapshot'));
      // the cookie set by the first page lets the same browser in; a fresh context must not
      check((await bare.content()).includes('"tracks"'), 'same browser reuses the token cookie');
    }
    check(errors.length === 0, 'no page errors' + (errors.length ? ': ' + errors.join('; ') : ''));
  }
} catch (e) {
  if (!process.exitCode) { console.error('FAIL: ' + e.message); process.exitCode = 1; }
} finally {
  await browser.close();
  rmSync(profile, { recursive: true, force: true });
}
