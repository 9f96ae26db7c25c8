// Starts and stops real paidee servers for the browser tests.
//
// Each test file starts its own server on a port the kernel picks
// (-addr 127.0.0.1:0, read back from the "listening on" line) with a fresh
// data directory, so tests never share a database.
//
// run.sh builds the binaries once and passes them in PAIDEE_BIN and
// PAIDEE_DBCOUNT_BIN; when a test file is run on its own (node --test
// scripts/e2e/tests/x.test.js) they are built here, once per process.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

let built = null;
function binaries() {
  if (process.env.PAIDEE_BIN && process.env.PAIDEE_DBCOUNT_BIN) {
    return { paidee: process.env.PAIDEE_BIN, dbcount: process.env.PAIDEE_DBCOUNT_BIN };
  }
  if (built) return built;
  const dir = mkdtempSync(join(tmpdir(), 'paidee-e2e-bin-'));
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  const paidee = process.env.PAIDEE_BIN || join(dir, 'paidee');
  const dbcount = process.env.PAIDEE_DBCOUNT_BIN || join(dir, 'dbcount');
  if (!process.env.PAIDEE_BIN) execFileSync('go', ['build', '-o', paidee, './server'], { cwd: repoRoot, stdio: 'inherit' });
  if (!process.env.PAIDEE_DBCOUNT_BIN) execFileSync('go', ['build', '-o', dbcount, './scripts/e2e/dbcount'], { cwd: repoRoot, stdio: 'inherit' });
  built = { paidee, dbcount };
  return built;
}

/** Run a server sub-command (e.g. ['backup', '-data-dir', d, '-out', f]); returns its output. */
export function serverCommand(args, env = {}) {
  return execFileSync(binaries().paidee, args, { encoding: 'utf8', env: { ...process.env, ...env } });
}

/**
 * A second build of the server whose web app differs from the first by one
 * comment in app.css: a new app version, as after a deployment (the
 * service worker's cache name is a hash of the app files). run.sh builds it
 * into PAIDEE_V2_BIN; otherwise it is built here from a copy of the sources.
 */
let builtV2 = null;
export function updatedBinary() {
  if (process.env.PAIDEE_V2_BIN) return process.env.PAIDEE_V2_BIN;
  if (builtV2) return builtV2;
  const dir = mkdtempSync(join(tmpdir(), 'paidee-e2e-v2-'));
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  execFileSync(join(repoRoot, 'scripts/e2e/build-v2.sh'), [join(dir, 'paidee-v2')], { stdio: 'inherit' });
  builtV2 = join(dir, 'paidee-v2');
  return builtV2;
}

/**
 * Start a server. Options:
 *   dataDir: reuse a data directory (default: a fresh temp dir, removed by stop())
 *   addr:    host:port to listen on (default 127.0.0.1:0, any free port; pass
 *            the old address to restart a server where a browser expects it)
 *   accessLog: log every request (see requests()); off by default
 *   args:    extra flags, e.g. ['-synthetic-agencies', '10000']
 *   env:     extra environment, e.g. { PAIDEE_ADMIN_EMAIL, PAIDEE_ADMIN_PASSWORD }
 *   bin:     another server binary (updatedBinary())
 *   timeoutMs: how long to wait for "listening on"
 * Returns { url, addr, port, dataDir, dbPath, log(), requests(), stop(), reports() }.
 */
export async function startServer({ dataDir, addr = '127.0.0.1:0', accessLog = false, args = [], env = {}, bin: exe, timeoutMs = 90_000 } = {}) {
  const bin = binaries();
  const ownDir = !dataDir;
  dataDir = dataDir || mkdtempSync(join(tmpdir(), 'paidee-e2e-data-'));
  const child = spawn(exe || bin.paidee, ['-addr', addr, '-data-dir', dataDir, `-access-log=${accessLog}`, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  let out = '';
  const append = (chunk) => {
    out += chunk.toString();
    if (out.length > 200_000) out = out.slice(-100_000);
  };
  child.stdout.on('data', append);
  child.stderr.on('data', append);
  let exited = null;
  const exitP = new Promise((res) => child.on('exit', (code, signal) => { exited = { code, signal }; res(exited); }));

  const url = await new Promise((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`server did not say "listening on" within ${timeoutMs} ms; output:\n${out}`)), timeoutMs);
    const check = () => {
      const m = out.match(/listening on (http:\/\/[^\s]+)/);
      if (m) { clearTimeout(timer); res(m[1].replace(/\/$/, '')); }
    };
    child.stdout.on('data', check);
    child.stderr.on('data', check);
    exitP.then((e) => { clearTimeout(timer); rej(new Error(`server exited (${JSON.stringify(e)}) before listening; output:\n${out}`)); });
  });

  const dbPath = join(dataDir, 'paidee.db');
  return {
    url,
    addr: new URL(url).host,
    port: Number(new URL(url).port),
    dataDir,
    dbPath,
    log: () => out,
    /** With accessLog: the requests the server saw so far, as "METHOD /path" (no query strings). */
    requests: () => [...out.matchAll(/^\S+ \S+ \d{3} ([A-Z]+) (\S+) /gm)].map((m) => `${m[1]} ${m[2]}`),
    /** The reports stored on the server: { reports: N, receipts: [...] }. */
    reports() {
      const txt = execFileSync(bin.dbcount, ['-db', dbPath], { encoding: 'utf8' });
      return JSON.parse(txt);
    },
    /** Stop the server (SIGTERM, then SIGKILL after 10 s). keepData keeps the directory. */
    async stop({ keepData = false } = {}) {
      if (!exited) {
        child.kill('SIGTERM');
        const t = setTimeout(() => { if (!exited) child.kill('SIGKILL'); }, 10_000);
        await exitP;
        clearTimeout(t);
      }
      if (ownDir && !keepData && existsSync(dataDir)) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
