// Measurements of the worker app, printed beside their targets:
//   - bytes on the wire (compressed) for a first visit to the home screen,
//     without and with the service worker's precache;
//   - the whole precache (every file the service worker keeps, gzip size);
//   - the data bundle for the demo data and for 10,000 agencies, raw and gzip;
//   - Lighthouse mobile scores (performance, accessibility, best practices, SEO);
//   - the time to "ready without internet" on a slow phone: CPU 4× slower,
//     400 kbps down, 400 ms latency per request (the page's and the service
//     worker's requests alike, through a throttling proxy).
// Run by run.sh (make measure), which builds the server and passes PAIDEE_BIN.
// Options: --runs N (Lighthouse runs, median; default 3), --json FILE (also
// write the figures as JSON), --skip-lighthouse, --skip-synthetic, --skip-slow.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import http from 'node:http';
import os from 'node:os';
import { chromium } from 'playwright-core';
import { startServer } from '../e2e/lib/server.js';
import { startNetSwitch } from '../e2e/lib/netswitch.js';

const here = dirname(fileURLToPath(import.meta.url));
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const CHROME_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const argv = process.argv.slice(2);
const opt = (name, def) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : def;
};
const RUNS = Math.max(1, Number(opt('--runs', process.env.LH_RUNS || 3)));
const JSON_OUT = opt('--json', '');
const SKIP_LH = argv.includes('--skip-lighthouse');
const SKIP_SYN = argv.includes('--skip-synthetic');
const SKIP_SLOW = argv.includes('--skip-slow');
// The slow phone of issue #8: a 4× slower CPU on 2G-like 400 kbps, 400 ms.
const SLOW = { cpu: 4, bytesPerSec: 400_000 / 8, latencyMs: 400 };

const TARGETS = {
  homeKB: 50,
  precacheKB: 200,
  performance: 95,
  accessibility: 100,
  'best-practices': 100,
};

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const size = (n) => (n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(2)} MB` : kb(n));
const verdict = (ok) => (ok ? 'OK' : 'MISSED');

/** GET url with the given Accept-Encoding; the body as received (still compressed). */
function getRaw(url, encoding) {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers: { 'Accept-Encoding': encoding } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({
        status: res.statusCode, bytes: Buffer.concat(chunks).length,
        encoding: res.headers['content-encoding'] || 'identity', etag: res.headers.etag,
      }));
    });
    req.on('error', reject);
    req.setTimeout(120_000, () => req.destroy(new Error(`timeout: ${url}`)));
  });
}

/** Raw and gzip sizes of a URL as the server sends them. */
async function wireSizes(url) {
  const raw = await getRaw(url, 'identity');
  const gz = await getRaw(url, 'gzip');
  if (raw.status !== 200 || gz.status !== 200) throw new Error(`${url}: HTTP ${raw.status}/${gz.status}`);
  return { raw: raw.bytes, gzip: gz.bytes, gzipEncoded: gz.encoding === 'gzip' };
}

// ---- first visit: bytes on the wire, page and service worker

async function firstVisit(base) {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROME_ARGS, headless: true });
  try {
    const context = await browser.newContext({
      viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true,
      serviceWorkers: 'allow', locale: 'lo-LA',
    });
    // Every finished request, tagged with the phase it finished in; sizes
    // are read at the end (responseBodySize is the body as received, i.e.
    // compressed, headers included separately).
    const finished = [];
    let phase = 'home';
    context.on('requestfinished', (r) => finished.push({ r, phase }));
    const page = await context.newPage();
    await page.goto(base + '/', { waitUntil: 'load' });
    await page.waitForLoadState('networkidle');
    await page.waitForFunction(() => window.paidee && window.paidee.ready, null, { timeout: 30_000 });
    await page.evaluate(() => window.paidee.ready);
    await page.waitForLoadState('networkidle');
    phase = 'after';
    // The app marks the moment its first screen is on the page and the load
    // event has fired; everything it starts after that (the data bundle, the
    // service worker and its precache) is the install, counted apart.
    const afterLoad = await page.evaluate(() => {
      const m = performance.getEntriesByName('paidee:after-load')[0];
      return m ? performance.timeOrigin + m.startTime : null;
    });

    // Now the service worker installs and precaches.
    const cached = await page.evaluate(() => new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error('no service worker became active within 30 s')), 30_000);
      navigator.serviceWorker.ready.then(async (reg) => {
        const w = reg.active;
        if (w.state !== 'activated') await new Promise((r) => w.addEventListener('statechange', () => { if (w.state === 'activated') r(); }));
        clearTimeout(t);
        const urls = [];
        for (const name of await caches.keys()) {
          const c = await caches.open(name);
          for (const req of await c.keys()) urls.push(req.url);
        }
        resolve(urls);
      });
    }));
    await new Promise((r) => setTimeout(r, 1000));
    const rows = [];
    for (const { r, phase: ph } of finished) {
      const s = await r.sizes().catch(() => ({ responseBodySize: 0, responseHeadersSize: 0 }));
      // Tagged by when the request started, not when it finished.
      const started = r.timing().startTime;
      const early = afterLoad === null ? ph === 'home' : started < afterLoad;
      rows.push({
        url: r.url(), sw: !!r.serviceWorker(), phase: early ? 'home' : 'install',
        body: s.responseBodySize, headers: s.responseHeadersSize,
      });
    }
    if (process.env.MEASURE_TIMELINE) for (const r of rows) console.log(`    ${r.phase} ${r.sw ? 'sw  ' : 'page'} ${r.body}+${r.headers} ${r.fromCache ? '(browser cache) ' : ''}${new URL(r.url).pathname}`);
    await context.close();
    if (afterLoad === null) console.log('measure: the app set no paidee:after-load mark; counting by network idle instead');
    // A request the browser's cache answered (the worker taking a file the
    // page has just loaded) crosses no network: Chromium reports it with a
    // body of minus its headers. It is not counted.
    const onWire = (r) => r.body + r.headers > 0;
    const homeRows = rows.filter((r) => onWire(r) && r.phase === 'home' && !r.sw && !r.url.endsWith('/sw.js'));
    const installRows = rows.filter((r) => onWire(r) && !homeRows.includes(r));

    const wire = (r) => r.body + Math.max(0, r.headers);
    const sum = (list, f = wire) => list.reduce((a, r) => a + f(r), 0);
    const isApi = (r) => new URL(r.url).pathname.startsWith('/api/');
    const homeShell = homeRows.filter((r) => !isApi(r));
    const homeApi = homeRows.filter(isApi);
    return {
      home: { bytes: sum(homeRows), body: sum(homeRows, (r) => r.body), requests: homeRows.length },
      homeShell: { bytes: sum(homeShell), requests: homeShell.length },
      homeData: { bytes: sum(homeApi), requests: homeApi.length, urls: homeApi.map((r) => new URL(r.url).pathname + new URL(r.url).search) },
      install: { bytes: sum(installRows), requests: installRows.length, data: sum(installRows.filter(isApi)) },
      total: { bytes: sum(rows.filter(onWire)), requests: rows.filter(onWire).length },
      fromBrowserCache: rows.filter((r) => !onWire(r)).length,
      swRequests: rows.filter((r) => onWire(r) && (r.sw || r.url.endsWith('/sw.js'))).length,
      cachedUrls: [...new Set(cached)],
      rows,
    };
  } finally {
    await browser.close();
  }
}

// ---- the slow phone: time to "ready without internet"

/**
 * A first visit on the slow profile: every request (page and service
 * worker) goes through a proxy that adds the latency and shares one 400 kbps
 * line; the page's CPU is throttled 4× (CDP). Times from the start of the
 * navigation to: the home screen on the page (paidee:after-load), the data
 * stored (window.paidee.ready), and "ready without internet" shown (the
 * home screen checks the worker's cache every second). Then the line is cut
 * and the app must open from the phone alone.
 */
async function slowFirstVisit(base) {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROME_ARGS, headless: true });
  const net = await startNetSwitch();
  try {
    net.setThrottle({ latencyMs: SLOW.latencyMs, bytesPerSec: SLOW.bytesPerSec });
    const context = await browser.newContext({
      viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true,
      serviceWorkers: 'allow', locale: 'lo-LA', proxy: { server: net.server, bypass: '<-loopback>' },
    });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: SLOW.cpu });
    const t0 = Date.now();
    await page.goto(base + '/', { waitUntil: 'commit', timeout: 120_000 });
    await page.waitForFunction(() => performance.getEntriesByName('paidee:after-load').length > 0, null, { timeout: 120_000, polling: 50 });
    const home = Date.now() - t0;
    await page.waitForFunction(() => window.paidee && window.paidee.ready, null, { timeout: 120_000, polling: 50 });
    await page.evaluate(() => window.paidee.ready);
    const data = Date.now() - t0;
    await page.locator('[data-testid="offline-ready"][data-ready="true"]').waitFor({ timeout: 300_000 });
    const ready = Date.now() - t0;
    const answers = net.answers();
    if (process.env.MEASURE_TIMELINE) for (const x of answers) console.log(`    ${((x.at - t0) / 1000).toFixed(2)} s  ${x.status} ${x.path}`);
    // True, or the figure means nothing: with no network the app opens.
    net.setOnline(false);
    await context.setOffline(true);
    await page.reload({ timeout: 60_000 });
    await page.waitForFunction(() => window.paidee && window.paidee.ready, null, { timeout: 60_000 });
    await page.evaluate(() => window.paidee.ready);
    const opensOffline = await page.locator('[data-testid="home-tile"], .tile, main a').count() > 0;
    await context.close();
    return { home_ms: home, data_ms: data, ready_ms: ready, requests: answers.length, opens_offline: opensOffline };
  } finally {
    await net.close();
    await browser.close();
  }
}

// ---- the precache as the server sends it

async function precacheSizes(urls) {
  let raw = 0;
  let gzip = 0;
  const files = [];
  for (const u of urls) {
    const s = await wireSizes(u);
    raw += s.raw;
    gzip += s.gzip;
    files.push({ path: new URL(u).pathname, raw: s.raw, gzip: s.gzip });
  }
  files.sort((a, b) => b.gzip - a.gzip);
  return { count: urls.length, raw, gzip, files };
}

// ---- Lighthouse

function lighthouseOnce(url, out) {
  const bin = join(here, 'node_modules', '.bin', 'lighthouse');
  const args = [url, '--quiet', '--output=json', `--output-path=${out}`,
    '--only-categories=performance,accessibility,best-practices,seo', '--form-factor=mobile',
    '--chrome-flags=--headless=new --no-sandbox --disable-gpu'];
  return new Promise((resolve, reject) => {
    execFile(bin, args, { env: { ...process.env, CHROME_PATH: CHROMIUM }, maxBuffer: 64 << 20, timeout: 180_000 }, (err, stdout, stderr) => {
      if (err) return reject(new Error(`lighthouse failed: ${err.message}\n${stderr}`));
      resolve(JSON.parse(readFileSync(out, 'utf8')));
    });
  });
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : Math.round((s[s.length / 2 - 1] + s[s.length / 2]) / 2);
};

async function lighthouse(url) {
  const dir = mkdtempSync(join(tmpdir(), 'paidee-lh-'));
  const runs = [];
  try {
    for (let i = 0; i < RUNS; i++) runs.push(await lighthouseOnce(url, join(dir, `run${i}.json`)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const cats = ['performance', 'accessibility', 'best-practices', 'seo'];
  const scores = {};
  for (const c of cats) scores[c] = median(runs.map((r) => Math.round((r.categories[c]?.score ?? 0) * 100)));
  const perfRuns = runs.map((r) => Math.round((r.categories.performance?.score ?? 0) * 100));
  const metric = (id) => median(runs.map((r) => r.audits[id]?.numericValue ?? NaN));
  const metrics = {
    fcp_ms: metric('first-contentful-paint'), lcp_ms: metric('largest-contentful-paint'),
    tbt_ms: metric('total-blocking-time'), cls: median(runs.map((r) => r.audits['cumulative-layout-shift']?.numericValue ?? NaN)),
    si_ms: metric('speed-index'),
  };
  // Audits that cost points in the categories whose target is 100, from the last run.
  const last = runs[runs.length - 1];
  const failing = {};
  for (const c of ['accessibility', 'best-practices', 'seo']) {
    failing[c] = (last.categories[c]?.auditRefs || [])
      .filter((ref) => ref.weight > 0 && last.audits[ref.id] && last.audits[ref.id].score !== null && last.audits[ref.id].score < 1)
      .map((ref) => `${ref.id}: ${last.audits[ref.id].title}`);
  }
  // Where the performance points go, from the run with the median score.
  const mid = runs.find((r) => Math.round((r.categories.performance?.score ?? 0) * 100) === scores.performance) || last;
  const hints = {
    long_tasks: (mid.audits['long-tasks']?.details?.items || []).slice(0, 5)
      .map((x) => `${x.url.replace(/^https?:\/\/[^/]+/, '') || '/'} ${Math.round(x.duration)} ms`),
    layout_shifts: (mid.audits['layout-shifts']?.details?.items || []).slice(0, 3)
      .map((x) => `${x.node?.selector || '?'} (${(x.score ?? 0).toFixed(3)})`),
    lcp_element: (mid.audits['largest-contentful-paint-element']?.details?.items?.[0]?.items?.[0]?.node?.selector) || '',
  };
  const version = last.lighthouseVersion;
  return { scores, perfRuns, metrics, failing, hints, version, runs: RUNS };
}

// ---- main

function line(label, value, target = '', ok = null) {
  const v = String(value);
  console.log(`  ${label.padEnd(40)} ${v.padStart(22)}   ${target.padEnd(10)} ${ok === null ? '' : verdict(ok)}`);
}

function busy() {
  const load = os.loadavg()[0];
  const cores = os.cpus().length;
  return { load, cores, busy: load > cores * 0.75 };
}

async function main() {
  const results = { at: new Date().toISOString() };
  const loadBefore = busy();
  console.log('measure: starting a server with the demo data ...');
  const demo = await startServer();
  let syn = null;
  try {
    console.log('measure: first visit in Chromium ...');
    const visit = await firstVisit(demo.url);
    const pre = await precacheSizes(visit.cachedUrls);
    const bundleDemo = await wireSizes(demo.url + '/api/v1/bundle');
    const meta = JSON.parse(await (await fetch(demo.url + '/api/v1/meta')).text());
    const rev = meta.revision ?? meta.data_revision;
    const delta = rev != null ? await wireSizes(`${demo.url}/api/v1/bundle?since=${rev}`).catch(() => null) : null;

    let slow = null;
    if (!SKIP_SLOW) {
      console.log(`measure: first visit on the slow phone (CPU ${SLOW.cpu}×, ${SLOW.bytesPerSec * 8 / 1000} kbps, ${SLOW.latencyMs} ms) ...`);
      slow = await slowFirstVisit(demo.url);
    }

    let bundleSyn = null;
    if (!SKIP_SYN) {
      console.log('measure: starting a server with 10,000 synthetic agencies ...');
      const t0 = Date.now();
      syn = await startServer({ args: ['-seed-demo=false', '-synthetic-agencies', '10000'], timeoutMs: 300_000 });
      const started = Date.now() - t0;
      bundleSyn = { ...(await wireSizes(syn.url + '/api/v1/bundle')), startMs: started };
      await syn.stop();
      syn = null;
    }

    let lh = null;
    if (!SKIP_LH) {
      console.log(`measure: Lighthouse (mobile, ${RUNS} run${RUNS > 1 ? 's' : ''}) ...`);
      lh = await lighthouse(demo.url + '/');
    }

    results.home_first_load_bytes = visit.home.bytes;
    results.home_app_files_bytes = visit.homeShell.bytes;
    results.home_data_bytes = visit.homeData.bytes;
    results.install_bytes = visit.install.bytes;
    results.total_incl_precache_bytes = visit.total.bytes;
    results.precache = { files: pre.count, gzip_bytes: pre.gzip, raw_bytes: pre.raw };
    results.bundle_demo = bundleDemo;
    results.bundle_delta_unchanged = delta;
    results.bundle_10000 = bundleSyn;
    results.lighthouse = lh;
    results.slow_first_visit = slow;

    const chromeVersion = await new Promise((r) => execFile(CHROMIUM, ['--version'], (e, out) => r(e ? '?' : out.trim().split('\n').pop())));
    console.log('');
    console.log(`Pai Dee Ma Dee — measurements (${chromeVersion}${lh ? `, Lighthouse ${lh.version}` : ''}; 1 KB = 1024 bytes)`);
    console.log(`  ${'what'.padEnd(40)} ${'measured'.padStart(22)}   ${'target'.padEnd(10)}`);
    line('home first load (until home + load event)', `${kb(visit.home.bytes)} (${visit.home.requests} req)`,
      `≤ ${TARGETS.homeKB} KB`, visit.home.bytes <= TARGETS.homeKB * 1024);
    line('  of which app files', `${kb(visit.homeShell.bytes)} (${visit.homeShell.requests} req)`);
    line('  of which data (/api/v1/…)', `${kb(visit.homeData.bytes)} (${visit.homeData.requests} req)`);
    line('then the install (data, SW, precache)', `${kb(visit.install.bytes)} (${visit.install.requests} req)`);
    line('  of which the data bundle', kb(visit.install.data));
    line('total incl. precache (page + SW)', `${kb(visit.total.bytes)} (${visit.total.requests} req)`, '≤ 150 KB', visit.total.bytes <= 150 * 1024);
    if (visit.fromBrowserCache) line('  the worker took from the browser cache', `${visit.fromBrowserCache} files, 0 B`);
    if (slow) {
      line('slow phone: home screen shown', `${(slow.home_ms / 1000).toFixed(1)} s`);
      line('slow phone: data on the phone', `${(slow.data_ms / 1000).toFixed(1)} s`);
      line('slow phone: "ready without internet"', `${(slow.ready_ms / 1000).toFixed(1)} s (${slow.requests} req)`, '', slow.opens_offline);
      console.log(`    (CPU ${SLOW.cpu}× slower, ${SLOW.bytesPerSec * 8 / 1000} kbps shared by every request, ${SLOW.latencyMs} ms before each;` +
        ` OK = the app then opened with the network cut)`);
    }
    line(`precache (${pre.count} files, gzip)`, `${kb(pre.gzip)}`, `≤ ${TARGETS.precacheKB} KB`, pre.gzip <= TARGETS.precacheKB * 1024);
    line('  precache uncompressed', kb(pre.raw));
    line(`bundle, demo data (${meta.counts?.agencies ?? '?'} agencies), raw`, size(bundleDemo.raw));
    line('bundle, demo data, gzip', size(bundleDemo.gzip));
    if (delta) line('bundle delta, nothing changed (?since=)', `${delta.raw} B raw, ${delta.gzip} B gzip`);
    if (bundleSyn) {
      line('bundle, 10,000 agencies, raw', size(bundleSyn.raw));
      line('bundle, 10,000 agencies, gzip', size(bundleSyn.gzip));
    }
    if (lh) {
      const loadAfter = busy();
      results.load = { before: loadBefore.load, after: loadAfter.load, cores: loadAfter.cores };
      if (loadBefore.busy || loadAfter.busy) {
        console.log(`  NOTE: the machine was busy (load ${loadBefore.load.toFixed(1)} → ${loadAfter.load.toFixed(1)} on ${loadAfter.cores} cores):`);
        console.log('        performance and TBT come out lower than on an idle machine; measure again when it is quiet.');
      }
      console.log(`  Lighthouse mobile (median of ${lh.runs}; performance runs: ${lh.perfRuns.join(', ')})`);
      line('  performance', lh.scores.performance, `≥ ${TARGETS.performance}`, lh.scores.performance >= TARGETS.performance);
      line('  accessibility', lh.scores.accessibility, `${TARGETS.accessibility}`, lh.scores.accessibility >= TARGETS.accessibility);
      line('  best practices', lh.scores['best-practices'], `${TARGETS['best-practices']}`, lh.scores['best-practices'] >= TARGETS['best-practices']);
      line('  SEO', lh.scores.seo);
      const m = lh.metrics;
      console.log(`  metrics: FCP ${Math.round(m.fcp_ms)} ms, LCP ${Math.round(m.lcp_ms)} ms, TBT ${Math.round(m.tbt_ms)} ms, CLS ${m.cls.toFixed(3)}, Speed Index ${Math.round(m.si_ms)} ms`);
      if (lh.hints.long_tasks.length) console.log(`  long tasks: ${lh.hints.long_tasks.join(', ')}`);
      if (lh.hints.layout_shifts.length) console.log(`  layout shifts: ${lh.hints.layout_shifts.join(', ')}`);
      if (lh.hints.lcp_element) console.log(`  LCP element: ${lh.hints.lcp_element}`);
      for (const [c, list] of Object.entries(lh.failing)) {
        for (const f of list) console.log(`  ${c} audit not passed: ${f}`);
      }
    }
    console.log('');
    console.log('  largest precached files (gzip): ' + pre.files.slice(0, 6).map((f) => `${f.path} ${kb(f.gzip)}`).join(', '));
    if (JSON_OUT) {
      writeFileSync(JSON_OUT, JSON.stringify(results, null, 2));
      console.log(`  figures written to ${JSON_OUT}`);
    }
  } finally {
    if (syn) await syn.stop();
    await demo.stop();
  }
}

main().catch((err) => {
  console.error('measure: FAIL:', err.stack || err.message);
  process.exit(1);
});
