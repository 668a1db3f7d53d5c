// External baseline for the Nexus Kernel benchmarks: the kernel's trigger path (auth, JSON in, handler in
// QuickJS-in-wasm, JSON out, PATCH/EVENT fan-out) built the way a Node developer would, with quickjs-wasi and ws.
// One warm VM per panel; state crosses the VM boundary as JSON text, as in the kernel. See README.md.
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import { QuickJS } from 'quickjs-wasi';
import { WebSocketServer } from 'ws';

// ---- configuration ----
const env = (name, fallback) => process.env[name] || fallback;
const PORT = Number(env('PORT', '0'));
const HOST = env('HOST', '127.0.0.1');
const SECRET = Buffer.from(env('JWT_SECRET', ''), 'utf8');
const TIMEOUT_MS = Number(env('TIMEOUT_MS', '5000')); // guest CPU time per execution (the kernel's default)
const MEMORY_LIMIT_MB = Number(env('MEMORY_LIMIT_MB', '32')); // per VM (the kernel's default)
const MAX_BODY_BYTES = 1 << 20;
const WS_SEND_QUEUE_BYTES = 4 << 20; // a client that stops reading is closed, not buffered for forever
const ID = /^[A-Za-z0-9_-]{1,64}$/;
if (SECRET.length < 32) {
  process.stderr.write('JWT_SECRET must be set and at least 32 bytes\n');
  process.exit(1);
}

// ---- auth: HS256 JWT, verified on every request ----
const SEGMENT = /^[A-Za-z0-9_-]+$/; // strict base64url: Buffer.from would silently skip stray characters
function verifyToken(token) {
  const parts = typeof token === 'string' ? token.split('.') : [];
  if (parts.length !== 3 || !parts.every((p) => SEGMENT.test(p))) return null;
  try {
    if (JSON.parse(Buffer.from(parts[0], 'base64url').toString()).alg !== 'HS256') return null;
    const expected = createHmac('sha256', SECRET).update(parts[0] + '.' + parts[1]).digest();
    const actual = Buffer.from(parts[2], 'base64url');
    if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) return null;
    const claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString());
    const now = Date.now() / 1000;
    if (typeof claims.exp !== 'number' || claims.exp <= now || (typeof claims.nbf === 'number' && claims.nbf > now)) return null;
    if (typeof claims.sub !== 'string' || claims.sub === '') return null;
    const scopes = new Set(typeof claims.scope === 'string' ? claims.scope.split(' ').filter(Boolean) : []);
    if (Array.isArray(claims.permissions)) for (const p of claims.permissions) if (typeof p === 'string') scopes.add(p);
    return { sub: claims.sub, scopes, exp: claims.exp };
  } catch {
    return null;
  }
}
const bearer = (header) => (typeof header === 'string' && /^bearer /i.test(header) ? header.slice(7).trim() : null);

// ---- the guest side: only its source text is used, evaluated once in each VM ----
// It installs the handler API and returns run(handler, stateJson, argsJson): one execution against a fresh parse of
// the state, answering one JSON text {ok:true, value?, m, e, v, l} (mutations, events, view commands, log lines)
// or {ok:false, error, l}.
function guestPrelude() {
  'use strict';
  const { stringify, parse } = JSON;
  const { hasOwn, keys, setPrototypeOf, defineProperty } = Object;
  const ErrorCtor = Error; // captured: the VM stays warm, and a handler may replace globals
  let cur, args, events, views, logs; // the current execution's state (null prototype), $args and outputs

  const api = {
    get: (k) => cur[k],
    set: (k, v) => ((cur[k] = v), true), // undefined counts as a delete at the diff
    delete: (k) => (k in cur ? delete cur[k] : false),
    has: (k) => k in cur,
    keys: () => keys(cur),
    update: (k, fn) => (cur[k] = fn(cur[k])),
  };
  const $state = new Proxy(Object.create(null), {
    get: (_, p) => (typeof p === 'symbol' ? undefined : hasOwn(api, p) ? api[p] : cur[p]),
    set: (_, p, v) => typeof p !== 'symbol' && api.set(p, v),
    deleteProperty: (_, p) => (delete cur[p], true),
    has: (_, p) => p in cur,
    ownKeys: () => keys(cur),
    getOwnPropertyDescriptor: (_, p) => (p in cur ? { value: cur[p], writable: true, enumerable: true, configurable: true } : undefined),
  });
  // A payload is serialized when emitted, so later changes to the object do not leak into the event.
  const $emit = (name, payload) => void events.push([String(name), stringify(payload) ?? 'null', Date.now()]);
  $emit.toast = (message, level = 'info') => $emit('toast', { message: String(message), level: String(level) });
  const view = (id, command, params) => void views.push({ viewId: String(id), command, params });
  const $view = {
    setFilter: (id, filter) => view(id, 'setFilter', { filter }),
    scrollTo: (id, position) => view(id, 'scrollTo', { position }),
    focus: (id) => view(id, 'focus', {}),
    command: (id, command, params) => view(id, String(command), params ?? {}),
  };
  const log = (level) => (...parts) => void (logs.length < 100 && logs.push([level, parts.map(String).join(' ')]));
  const $log = { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
  const $time = { now: () => Date.now() };
  for (const [name, value] of Object.entries({ $state, $emit, $view, $log, $time })) {
    defineProperty(globalThis, name, { value, writable: false, configurable: false });
  }
  defineProperty(globalThis, '$args', { get: () => args, configurable: false });
  delete globalThis.eval; // no code generation from strings in handlers, as in the kernel
  delete globalThis.Function;

  function describe(e) {
    if (!(e instanceof ErrorCtor)) return { code: 'EXECUTION_ERROR', message: 'Uncaught ' + String(e) };
    const error = { code: 'EXECUTION_ERROR', message: e.name + ': ' + e.message };
    const at = /handler:(\d+):(\d+)/.exec(String(e.stack)); // line 1 is the wrapper's own line
    if (at) error.location = { line: Math.max(1, at[1] - 1), column: Number(at[2]) };
    return error;
  }
  const entry = (k, text) => '{"op":"' + (text === undefined ? 'delete' : 'set') + '","key":' + stringify(k) + (text === undefined ? '}' : ',"value":' + text + '}');

  return async function run(handler, stateJson, argsJson) {
    cur = setPrototypeOf(parse(stateJson), null); // "__proto__" is just a key
    args = parse(argsJson);
    events = [];
    views = [];
    logs = [];
    const before = new Map();
    for (const k of keys(cur)) before.set(k, stringify(cur[k]));
    try {
      const value = await handler();
      const m = []; // changed keys: each key's JSON against its JSON before the run
      for (const k of keys(cur)) {
        const text = stringify(cur[k]);
        if (text === undefined ? before.has(k) : before.get(k) !== text) m.push(entry(k, text));
      }
      for (const k of before.keys()) if (!(k in cur)) m.push(entry(k));
      let rv;
      try {
        rv = stringify(value);
      } catch (e) {
        throw new TypeError('return value is not JSON-serializable: ' + e.message);
      }
      const ev = events.map(([n, p, t]) => '{"name":' + stringify(n) + ',"payload":' + p + ',"timestamp":' + t + '}');
      return '{"ok":true' + (rv === undefined ? '' : ',"value":' + rv) + ',"m":[' + m.join(',') + '],"e":[' + ev.join(',') +
        '],"v":' + stringify(views) + ',"l":' + stringify(logs) + '}';
    } catch (e) {
      return stringify({ ok: false, error: describe(e), l: logs });
    } finally {
      cur = args = events = views = logs = undefined;
    }
  };
}

// ---- the host side of a sandbox: one quickjs-wasi instance per panel, each handler compiled once ----
const wasmModule = await WebAssembly.compile(await readFile(new URL(import.meta.resolve('quickjs-wasi/quickjs.wasm'))));
let deadline = Infinity; // of the execution running now (Node runs one at a time), polled by QuickJS's interrupt hook
const wrap = (handler) => '(async function () {\n' + handler + '\n})'; // `await` and `return` work; line N is N + 1
const location = (stack) => /handler:(\d+):(\d+)/.exec(String(stack));

class Terminal extends Error { // a limit hit: the VM is discarded and rebuilt for the next execution
  constructor(code, message) { super(message); this.code = code; }
}
function terminal(err) {
  if (err instanceof Terminal) return err;
  const message = String(err?.message ?? err);
  if (message === 'interrupted') return new Terminal('TIMEOUT', `execution exceeded TIMEOUT_MS (${TIMEOUT_MS} ms)`);
  if (message.includes('out of memory')) return new Terminal('MEMORY_LIMIT', `execution exceeded MEMORY_LIMIT_MB (${MEMORY_LIMIT_MB})`);
  if (err instanceof RangeError || err instanceof WebAssembly.RuntimeError) return new Terminal('RESOURCE_LIMIT', 'sandbox stopped: ' + message);
  return new Terminal('INTERNAL_ERROR', message);
}

class Sandbox {
  static async create(tools) {
    const vm = await QuickJS.create({ wasm: wasmModule, memoryLimit: MEMORY_LIMIT_MB << 20, interruptHandler: () => performance.now() > deadline });
    try {
      const run = vm.evalCode(`(${guestPrelude})()`, 'prelude.js');
      const handlers = new Map();
      for (const { name, handler } of tools) {
        try {
          handlers.set(name, vm.evalCode(wrap(handler), 'handler'));
        } catch (e) {
          const at = location(e.stack);
          throw Object.assign(new Error(`${e.name}: ${e.message}`), { compile: { tool: name, line: at ? Math.max(1, at[1] - 1) : undefined, column: at ? Number(at[2]) : undefined } });
        }
      }
      return Object.assign(new Sandbox(), { vm, run, handlers });
    } catch (e) {
      vm.dispose();
      throw e;
    }
  }

  /** One execution: the guest's parsed outcome. Throws a Terminal when a limit stopped it. */
  async execute(tool, stateJson, argsJson) {
    const { vm } = this;
    let promise;
    try {
      deadline = performance.now() + TIMEOUT_MS;
      // The scope frees the two argument strings; the promise escapes it.
      promise = vm.withScope((scope) => scope.escape(vm.callFunction(this.run, vm.undefined, this.handlers.get(tool), vm.newString(stateJson), vm.newString(argsJson))));
      vm.executePendingJobs(); // drives the handler through its awaits
    } catch (err) {
      promise?.dispose();
      throw terminal(err);
    } finally {
      deadline = Infinity;
    }
    try {
      // The guest API has no host-async function: once the job queue is empty nothing can settle it any more.
      if (promise.promiseState === 0) throw new Terminal('TIMEOUT', 'the handler awaits a promise that can never settle');
      const settled = await vm.resolvePromise(promise);
      if ('error' in settled) throw terminal(new Error(settled.error.consume((h) => h.toString())));
      return JSON.parse(settled.value.consume((h) => h.toString()));
    } finally {
      promise.dispose();
    }
  }
}

// ---- panels ----
const panels = new Map(); // id -> Panel

class Panel {
  constructor(id, owner, state, tools, sandbox) {
    Object.assign(this, { id, owner, state, tools, sandbox, version: 1, clients: new Set(), destroyed: false });
    this.stateJson = JSON.stringify(state);
    this.toolNames = new Set(tools.map((t) => t.name));
    this.tail = Promise.resolve(); // executions of one panel run one at a time, in arrival order
  }

  /** Queues one execution; resolves to the ExecutionResult as JSON text, after its PATCH/EVENTs went out. */
  trigger(tool, argsJson) {
    const run = () => this.#execute(tool, argsJson);
    return (this.tail = this.tail.then(run, run));
  }

  async #execute(tool, argsJson) {
    let started = performance.now();
    let out;
    try {
      if (this.destroyed) throw new Terminal('PANEL_NOT_FOUND', 'the panel was deleted');
      if (!this.sandbox) { // rebuilt after a limit discarded it; not counted as execution time
        this.sandbox = await Sandbox.create(this.tools);
        started = performance.now();
      }
      out = await this.sandbox.execute(tool, this.stateJson, argsJson);
    } catch (err) {
      const { code, message } = terminal(err);
      this.sandbox?.vm.dispose();
      this.sandbox = null;
      out = { ok: false, error: { code, message }, l: [] };
    }
    const metrics = `"metrics":{"executionTimeUs":${Math.round((performance.now() - started) * 1000)}}`;
    for (const [level, message] of out.l) process.stderr.write(JSON.stringify({ level, panel: this.id, tool, message }) + '\n');
    if (!out.ok) return `{"status":"error","error":${JSON.stringify(out.error)},"stateMutations":[],"events":[],"viewCommands":[],${metrics}}`;

    let mutations = '[]';
    if (out.m.length > 0) {
      for (const m of out.m) {
        if (m.op === 'set') this.state[m.key] = m.value;
        else delete this.state[m.key];
      }
      this.version += 1;
      this.stateJson = JSON.stringify(this.state);
      mutations = JSON.stringify(out.m);
      this.#publish('state', `{"type":"PATCH","mutations":${mutations},"version":${this.version}}`);
    }
    for (const event of out.e) this.#publish('events', `{"type":"EVENT","event":${JSON.stringify(event)}}`);
    const rv = 'value' in out ? `"returnValue":${JSON.stringify(out.value)},` : '';
    const events = out.e.length > 0 ? JSON.stringify(out.e) : '[]';
    return `{"status":"success",${rv}"stateMutations":${mutations},"events":${events},"viewCommands":${JSON.stringify(out.v)},${metrics}}`;
  }

  /** One message to every client subscribed to the topic, encoded once. */
  #publish(topic, text) {
    if (this.clients.size === 0) return;
    const frame = Buffer.from(text);
    for (const c of this.clients) if (c.topics[topic]) send(c.ws, frame);
  }

  destroy() {
    panels.delete(this.id);
    this.destroyed = true; // executions already queued answer PANEL_NOT_FOUND; the VM goes after them
    for (const c of this.clients) c.ws.close(1000, 'Panel destroyed');
    this.tail = this.tail.then(() => this.sandbox?.vm.dispose());
  }
}

// ---- HTTP ----
const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const parseJson = (text) => { try { return JSON.parse(text); } catch { return undefined; } };
function reply(res, status, body, type = 'application/json') {
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}
const problem = (res, status, code, detail, extra) =>
  reply(res, status, JSON.stringify({ title: http.STATUS_CODES[status], status, code, detail, ...extra }), 'application/problem+json');
function readBody(req) { // resolves to null past MAX_BODY_BYTES
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => { if ((size += chunk.length) <= MAX_BODY_BYTES) chunks.push(chunk); });
    req.on('end', () => resolve(size > MAX_BODY_BYTES ? null : chunks.length === 1 ? chunks[0].toString() : Buffer.concat(chunks).toString()));
    req.on('error', reject);
  });
}

// [method, path, route, scope]; the captures are the panel id and the tool name.
const ROUTES = [
  ['POST', /^\/panels\/?$/, 'create', 'panels:write'],
  ['DELETE', /^\/panels\/([^/]+)$/, 'delete', 'panels:write'],
  ['GET', /^\/panels\/([^/]+)\/state$/, 'state', 'panels:read'],
  ['POST', /^\/panels\/([^/]+)\/trigger\/([^/]+)$/, 'trigger', 'panels:execute'],
];

async function route(req, res) {
  const path = req.url.split('?', 1)[0]; // ?token= counts only on the WebSocket upgrade
  if (req.method === 'GET' && path === '/health') return reply(res, 200, '{"status":"ok"}');
  if (req.method === 'GET' && path === '/health/ready') return reply(res, 200, '{"status":"ready"}');
  const matches = ROUTES.filter((r) => r[1].test(path));
  const found = matches.find((r) => r[0] === req.method);
  if (!found) return matches.length ? problem(res, 405, 'INVALID_REQUEST', `${req.method} is not allowed on ${path}`) : problem(res, 404, 'NOT_FOUND', `no route for ${path}`);
  const [, pattern, name, scope] = found;

  const who = verifyToken(bearer(req.headers.authorization));
  if (!who) return problem(res, 401, 'UNAUTHORIZED', 'a valid bearer token is required');
  if (!who.scopes.has(scope)) return problem(res, 403, 'FORBIDDEN', `missing scope ${scope}`);
  if (name === 'create') return createPanel(req, res, who);
  const [, id, tool] = pattern.exec(path);
  const panel = panels.get(id);
  if (!panel || panel.owner !== who.sub) return problem(res, 404, 'PANEL_NOT_FOUND', `panel '${id}' does not exist`);
  if (name === 'state') return reply(res, 200, panel.stateJson);
  if (name === 'delete') return panel.destroy(), res.writeHead(204).end();

  // trigger: the body is optional and, as in the kernel, {"args": <any JSON>}
  if (!panel.toolNames.has(tool)) return problem(res, 404, 'TOOL_NOT_FOUND', `panel '${id}' has no tool '${tool}'`);
  const body = await readBody(req);
  if (body === null) return problem(res, 413, 'PAYLOAD_TOO_LARGE', `the body exceeds ${MAX_BODY_BYTES} bytes`);
  let argsJson = '{}';
  if (body.trim() !== '') {
    const parsed = parseJson(body);
    if (!isObject(parsed)) return problem(res, 400, 'INVALID_REQUEST', 'the body must be a JSON object');
    if (Object.keys(parsed).some((k) => k !== 'args')) return problem(res, 400, 'INVALID_REQUEST', 'the only member allowed is "args"');
    if (parsed.args !== undefined) argsJson = JSON.stringify(parsed.args);
  }
  reply(res, 200, await panel.trigger(tool, argsJson));
}

async function createPanel(req, res, who) {
  const body = await readBody(req);
  if (body === null) return problem(res, 413, 'PAYLOAD_TOO_LARGE', `the body exceeds ${MAX_BODY_BYTES} bytes`);
  const parsed = parseJson(body);
  if (!isObject(parsed)) return problem(res, 400, 'INVALID_REQUEST', 'the body must be a JSON object');
  const { id, kind, initialState = {}, tools = [] } = parsed;
  if (typeof id !== 'string' || !ID.test(id)) return problem(res, 400, 'INVALID_REQUEST', 'id must match [A-Za-z0-9_-]{1,64}');
  if (typeof kind !== 'string' || kind.length < 1 || kind.length > 128) return problem(res, 400, 'INVALID_REQUEST', 'kind must be 1-128 characters');
  if (!isObject(initialState)) return problem(res, 400, 'INVALID_REQUEST', 'initialState must be an object');
  const valid = Array.isArray(tools) && tools.length <= 32 && tools.every((t) => isObject(t) && typeof t.name === 'string' && ID.test(t.name) && typeof t.handler === 'string');
  if (!valid || new Set(tools.map((t) => t.name)).size !== tools.length) return problem(res, 400, 'INVALID_REQUEST', 'tools: at most 32 distinct {name, handler}');
  if (panels.has(id)) return problem(res, 409, 'PANEL_EXISTS', `panel '${id}' already exists`);
  const toolList = tools.map(({ name, handler }) => ({ name, handler }));
  let sandbox;
  try {
    sandbox = await Sandbox.create(toolList);
  } catch (e) {
    if (e.compile) return problem(res, 400, 'COMPILATION_ERROR', e.message, e.compile);
    throw e;
  }
  if (panels.has(id)) return sandbox.vm.dispose(), problem(res, 409, 'PANEL_EXISTS', `panel '${id}' already exists`); // lost a race
  const state = Object.assign(Object.create(null), initialState); // null prototype: "__proto__" is just a key
  panels.set(id, new Panel(id, who.sub, state, toolList, sandbox));
  reply(res, 201, JSON.stringify({ id, status: 'running', wsUrl: `ws://${req.headers.host}/panels/${id}/ws` }));
}

const server = http.createServer({ keepAliveTimeout: 65_000 }, (req, res) => {
  route(req, res).catch((err) => {
    process.stderr.write(JSON.stringify({ level: 'error', message: String(err?.stack ?? err) }) + '\n');
    if (res.headersSent) res.destroy();
    else problem(res, 500, 'INTERNAL_ERROR', 'the server failed to handle the request');
  });
});

// ---- WebSocket ----
const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_BODY_BYTES, perMessageDeflate: false });

function send(ws, data) {
  if (ws.readyState !== 1) return;
  if (ws.bufferedAmount > WS_SEND_QUEUE_BYTES) return ws.close(1008, 'Send queue full');
  ws.send(data);
}
function refuse(socket, status, code) { // before the handshake, as the kernel does
  const body = JSON.stringify({ title: http.STATUS_CODES[status], status, code });
  socket.end(`HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\nContent-Type: application/problem+json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
}

server.on('upgrade', (req, socket, head) => {
  const [path, query = ''] = req.url.split('?', 2);
  const [, root, id, action, extra] = path.split('/');
  if (root !== 'panels' || action !== 'ws' || extra !== undefined) return refuse(socket, 404, 'NOT_FOUND');
  const who = verifyToken(bearer(req.headers.authorization) ?? new URLSearchParams(query).get('token'));
  if (!who) return refuse(socket, 401, 'UNAUTHORIZED');
  if (!who.scopes.has('panels:read')) return refuse(socket, 403, 'FORBIDDEN');
  const panel = panels.get(id);
  if (!panel || panel.owner !== who.sub) return refuse(socket, 404, 'PANEL_NOT_FOUND');
  wss.handleUpgrade(req, socket, head, (ws) => connect(panel, who, ws));
});

function connect(panel, who, ws) {
  const client = { ws, id: randomUUID(), topics: { state: true, events: true } };
  panel.clients.add(client);
  const expiry = setTimeout(() => ws.close(1008, 'Token expired'), Math.min(who.exp * 1000 - Date.now(), 2 ** 31 - 1));
  ws.on('close', () => { clearTimeout(expiry); panel.clients.delete(client); });
  ws.on('error', () => ws.terminate());
  send(ws, `{"type":"CONNECTED","panelId":${JSON.stringify(panel.id)},"clientId":"${client.id}","state":${panel.stateJson},"version":${panel.version}}`);

  const error = (code, message, requestId) => send(ws, JSON.stringify({ type: 'ERROR', code, message, requestId }));
  ws.on('message', async (data, isBinary) => {
    if (isBinary) return error('INVALID_MESSAGE', 'binary frames are not accepted');
    let msg;
    try {
      msg = JSON.parse(data.toString());
    } catch (e) {
      return error('PARSE_ERROR', e.message);
    }
    if (!isObject(msg)) return error('INVALID_MESSAGE', 'a message is a JSON object');
    const { type, requestId } = msg;
    if (type === 'PING') return send(ws, JSON.stringify({ type: 'PONG', requestId }));
    if (type === 'SUBSCRIBE' || type === 'UNSUBSCRIBE') {
      if (!Array.isArray(msg.topics)) return error('INVALID_MESSAGE', 'topics must be an array', requestId);
      for (const t of msg.topics) if (t === 'state' || t === 'events') client.topics[t] = type === 'SUBSCRIBE';
      return;
    }
    if (type !== 'TRIGGER') return error('INVALID_MESSAGE', `unknown message type ${JSON.stringify(type)}`, requestId);
    if (!who.scopes.has('panels:execute')) return error('FORBIDDEN', 'missing scope panels:execute', requestId);
    if (!panel.toolNames.has(msg.tool)) return error('TOOL_NOT_FOUND', `panel '${panel.id}' has no tool '${msg.tool}'`, requestId);
    const result = await panel.trigger(msg.tool, msg.args === undefined ? '{}' : JSON.stringify(msg.args));
    send(ws, `{"type":"RESULT",${requestId === undefined ? '' : `"requestId":${JSON.stringify(requestId)},`}"result":${result}}`);
  });
}

// ---- start and stop ----
server.listen(PORT, HOST, () => process.stdout.write(JSON.stringify({ event: 'listening', port: server.address().port }) + '\n'));
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.once(signal, () => {
    server.close();
    for (const ws of wss.clients) ws.close(1001, 'Server shutting down');
    server.closeIdleConnections();
    setTimeout(() => process.exit(0), 200).unref();
  });
}
