// A network switch for one browser context: a small HTTP proxy that every
// request of the context goes through, and that refuses all of them while
// the switch is off.
//
// Why: Playwright's context.setOffline(true) fails the pages' and the service
// worker's own requests, but not the browser's update check of the service
// worker script (GET /sw.js after a navigation). That request would reach
// the server of an "offline" test. Through this proxy it cannot: the
// browser's only way out is the proxy, and the proxy is off.
import http from 'node:http';
import net from 'node:net';

/**
 * Start a switch. Returns { server (for the context's proxy option),
 * setOnline(bool), setTamper(t) (t.match(url, req) picks answers; t.body(buffer, url) changes
 * one, or t.replay(url) → {headers, body} answers from a recording), tampered(), inflight(), forwarded(),
 * lastActivity(), refused, close() }.
 * refused lists "METHOD url" of the requests turned away while off.
 */
export async function startNetSwitch() {
  let online = true;
  let active = 0;
  let forwarded = 0;
  let last = Date.now();
  let tamper = null; // {match(url, req), body(buffer, url) → new body}
  let delay = null; // {match(url, req), ms}: a slow line for some requests
  let tampered = 0;
  const refused = [];
  // Every answer forwarded: what a test of "each file downloaded once" counts.
  const answers = [];
  // A slow line (setThrottle): latency before each request goes on, and
  // one shared downstream rate that every answer's bytes queue for.
  let throttle = null; // {latencyMs, bytesPerSec}
  let lineFreeAt = 0;
  const onLine = (n) => {
    const start = Math.max(Date.now(), lineFreeAt);
    lineFreeAt = start + (n * 1000) / throttle.bytesPerSec;
    return lineFreeAt - Date.now();
  };
  const sockets = new Set();
  const agent = new http.Agent({ keepAlive: true });

  const proxy = http.createServer((req, res) => {
    if (!online) {
      refused.push(`${req.method} ${req.url}`);
      req.socket.destroy();
      return;
    }
    let target;
    try {
      target = new URL(req.url); // a proxy gets the absolute URL
    } catch {
      res.writeHead(400).end('absolute URL expected');
      return;
    }
    active++;
    forwarded++;
    last = Date.now();
    let finished = false;
    const finish = () => {
      if (!finished) { finished = true; active--; last = Date.now(); }
    };
    if (throttle) {
      req.pause();
      setTimeout(() => forward(req, res, target, finish), throttle.latencyMs);
    } else if (delay && delay.match(target, req)) {
      const d = delay;
      delay = d.once ? null : d;
      req.pause();
      // ms, or until the test opens the gate (d.until, a promise).
      (d.until || new Promise((r) => setTimeout(r, d.ms))).then(() => forward(req, res, target, finish));
    } else {
      forward(req, res, target, finish);
    }
  });
  const forward = (req, res, target, finish) => {
    req.resume();
    const headers = { ...req.headers };
    delete headers['proxy-connection'];
    const edit = tamper && tamper.match(target, req) ? tamper : null;
    if (edit && edit.replay) {
      // A recorded answer played back instead of the server's: body and
      // headers (its signature among them) as they were then.
      const r = edit.replay(target);
      tampered++;
      res.writeHead(200, { ...r.headers, 'content-length': String(r.body.length) });
      res.end(r.body);
      finish();
      return;
    }
    if (edit) delete headers['accept-encoding']; // the plain body, to change it
    const up = http.request({
      agent, host: target.hostname, port: target.port || 80, method: req.method,
      path: target.pathname + target.search, headers,
    }, (ures) => {
      answers.push({ method: req.method, path: target.pathname + target.search, status: ures.statusCode, at: Date.now() });
      if (!edit && throttle) {
        // Headers and body wait their turn on the shared line.
        const headerBytes = ures.rawHeaders.reduce((n, x) => n + x.length + 2, 20);
        let chain = new Promise((r) => setTimeout(r, onLine(headerBytes))).then(() => res.writeHead(ures.statusCode, ures.rawHeaders));
        ures.on('data', (c) => {
          const wait = onLine(c.length);
          chain = chain.then(() => new Promise((r) => setTimeout(r, wait))).then(() => res.write(c));
        });
        ures.on('end', () => { chain.then(() => { res.end(); finish(); }); });
        ures.on('error', finish);
        return;
      }
      if (!edit || ures.statusCode !== 200) {
        res.writeHead(ures.statusCode, ures.rawHeaders);
        ures.pipe(res);
        ures.on('end', finish);
        ures.on('error', finish);
        return;
      }
      // A man in the middle: the whole answer, changed, sent on with the
      // server's own headers (its signature among them).
      const chunks = [];
      ures.on('data', (c) => chunks.push(c));
      ures.on('error', finish);
      ures.on('end', () => {
        const out = Buffer.from(edit.body(Buffer.concat(chunks), target));
        tampered++;
        const h = { ...ures.headers };
        delete h['content-length'];
        delete h['content-encoding'];
        delete h['transfer-encoding'];
        h['content-length'] = String(out.length);
        res.writeHead(ures.statusCode, h);
        res.end(out);
        finish();
      });
    });
    up.on('error', () => { finish(); req.socket.destroy(); });
    res.on('close', finish);
    req.pipe(up);
  };
  proxy.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  // Tunnels: Playwright's own fetch (route.fetch) asks for one even for
  // http. Cut like everything else when the switch is off.
  proxy.on('connect', (req, socket, head) => {
    if (!online) {
      refused.push(`CONNECT ${req.url}`);
      socket.destroy();
      return;
    }
    const [host, port] = req.url.split(':');
    const up = net.connect(Number(port) || 80, host, () => {
      forwarded++;
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head && head.length) up.write(head);
      up.pipe(socket);
      socket.pipe(up);
    });
    sockets.add(up);
    const touch = () => { last = Date.now(); };
    up.on('data', touch);
    socket.on('data', touch);
    up.on('close', () => { sockets.delete(up); socket.destroy(); });
    up.on('error', () => socket.destroy());
    socket.on('error', () => up.destroy());
    socket.on('close', () => up.destroy());
  });
  await new Promise((res) => proxy.listen(0, '127.0.0.1', res));

  return {
    server: `http://127.0.0.1:${proxy.address().port}`,
    refused,
    inflight: () => active,
    /** How many requests went through: 0 would mean the browser bypassed the switch. */
    forwarded: () => forwarded,
    lastActivity: () => last,
    /**
     * Change answers on their way: t = { match(url, req) → bool, body(buffer, url) → new body },
     * or null to stop. Answers matched are sent uncompressed, with the
     * server's headers. tampered() counts the answers changed.
     */
    setTamper(t) { tamper = t; },
    tampered: () => tampered,
    /** Hold matching requests before sending them on: d = { match(url, req) → bool, ms | until (a promise) }, or null. */
    setDelay(d) { delay = d; },
    /**
     * A slow line for every request: t = { latencyMs, bytesPerSec } (each
     * request waits latencyMs before it goes on; all answers share one
     * downstream of bytesPerSec, headers included), or null.
     */
    setThrottle(t) { throttle = t; lineFreeAt = 0; },
    /** Every answer forwarded so far: [{method, path, status, at}], in order. */
    answers: () => answers.slice(),
    /** Off: every open connection is cut at once, and new requests are refused. */
    setOnline(on) {
      online = on;
      last = Date.now();
      if (!on) {
        for (const s of sockets) s.destroy();
        agent.destroy();
      }
    },
    close() {
      for (const s of sockets) s.destroy();
      agent.destroy();
      return new Promise((res) => proxy.close(() => res()));
    },
  };
}
