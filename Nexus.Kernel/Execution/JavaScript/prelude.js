// The guest side of the host API (README "Handlers"). Evaluated once, then captured in the sandbox snapshot, so every
// execution starts from exactly this state. Every decision that matters (capabilities, limits) is the host's:
// this file only shapes calls and turns replies into values. It talks to the host through one function, `host`,
// with string arguments, and the host calls back through the functions returned at the end.
(() => {
  'use strict';
  const host = globalThis.__nexus_host;
  delete globalThis.__nexus_host;

  // Captured before any handler runs: a handler may replace globals, but never these.
  const TERMINATED = '\u0000terminated';
  const { stringify, parse } = JSON;
  const apply = Reflect.apply;
  const isFiniteNumber = Number.isFinite;
  const promiseThen = Promise.prototype.then;
  const PromiseCtor = Promise;
  const ErrorCtor = Error;
  const TypeErrorCtor = TypeError;
  const kernelErrors = new WeakSet();
  const HANDLER_LINE_OFFSET = 1; // the compile wrapper puts `(async function () {` on a line of its own
  const LOCATION = /handler:(\d+):(\d+)/;

  // State is lazy (README "Handlers"): a key's value crosses from the host on its first use, so an execution costs
  // what it touches, not the whole state. `cur` holds the handler's view of the keys it resolved, `base` the JSON
  // last committed for each of them (what a flush compares against), `blind` the keys it may write but not read.
  let cur = new Map(), base = new Map(), resolved = new Set(), blind = new Set(), deleted = new Set();
  let checkedWrite = new Set(), pending = new Map(), outcome, input, inputText, used = false;
  const UNREADABLE = '\u0001';
  // A Map or Set allocates its hash table on the first insertion, and every execution starts from the snapshot:
  // one insertion and removal here leaves the tables in the snapshot (6 % of the counter trigger's guest work).
  for (const map of [cur, base, pending]) map.set(UNREADABLE, 0).delete(UNREADABLE);
  for (const set of [resolved, blind, deleted, checkedWrite]) set.add(UNREADABLE).delete(UNREADABLE);

  function call(...args) {
    return answer(apply(host, undefined, args));
  }
  // The hot paths call `host` directly (a captured function: nothing a handler replaces is involved) and pass the
  // reply through here; `call` builds an argument array first, which QuickJS makes a measurable part of a trigger.
  function answer(reply) {
    if (reply === TERMINATED) throw kernelError('TERMINATED', 'execution terminated by the host');
    return reply;
  }

  function kernelError(code, message) {
    const error = new ErrorCtor(message);
    error.code = code;
    kernelErrors.add(error);
    return error;
  }

  // A function or a symbol stringifies to undefined, like undefined itself: all of them cross as null.
  function json(value) {
    return stringify(value) ?? 'null';
  }

  // JSON.stringify costs QuickJS thousands of instructions even for a number (its replacer and toJSON machinery),
  // several times per trigger; a number, boolean or null has the same text by concatenation. `undefined` here means
  // "not one of those": the caller stringifies. Such texts are also safe inside a JSON string as they are (no escapes).
  function plainJson(value) {
    if (typeof value === 'number') return isFiniteNumber(value) ? '' + value : 'null';
    if (typeof value === 'boolean') return value ? 'true' : 'false';
    return value === null ? 'null' : undefined;
  }
  function textOf(value) {
    return plainJson(value) ?? stringify(value);
  }
  // A JSON text as a JSON string (the envelopes carry values as text): a plain text needs no escaping.
  function quoteText(text, plain) {
    return plain ? '"' + text + '"' : stringify(text);
  }

  function keyOf(key) {
    if (typeof key === 'symbol') throw new TypeErrorCtor('state keys are strings');
    return String(key);
  }

  // ---- $state ----
  // One host call per key and execution: the host checks the read right (a denied read ends the execution) and
  // answers the key's JSON, or '' when it has none. `probe` asks without needing the right (a write-only key).
  function resolve(key, probe) {
    const reply = answer(probe ? host('g', key, '?') : host('g', key));
    if (reply === UNREADABLE) {
      blind.add(key);
    } else if (reply !== '') {
      const value = parse(reply);
      cur.set(key, value);
      base.set(key, textOf(value));
    }
    resolved.add(key);
  }
  function checkWrite(key) {
    answer(host('w', key));
    checkedWrite.add(key);
  }
  // `key` is already a string (a property key from a trap, or through keyOf).
  function read(key) {
    if (!resolved.has(key)) resolve(key, false);
    return cur.get(key);
  }
  function get(key) {
    return read(keyOf(key));
  }
  function remove(key) {
    key = keyOf(key);
    if (!checkedWrite.has(key)) checkWrite(key);
    if (!resolved.has(key)) resolve(key, true);
    const existed = cur.has(key);
    cur.delete(key);
    deleted.add(key);
    return existed;
  }
  function set(key, value) {
    key = keyOf(key);
    if (value === undefined) return remove(key), true;
    if (!checkedWrite.has(key)) checkWrite(key);
    if (!resolved.has(key)) resolve(key, true);
    deleted.delete(key);
    cur.set(key, value);
    return true;
  }
  function has(key) {
    key = keyOf(key);
    if (!resolved.has(key)) resolve(key, false);
    return cur.has(key);
  }
  function keys() {
    const stored = parse(call('k'));
    const list = [];
    for (const key of stored) if (!resolved.has(key) || cur.has(key)) list.push(key);
    const listed = new Set(stored);
    for (const key of cur.keys()) if (!listed.has(key)) list.push(key);
    return list;
  }
  function update(key, fn) {
    const next = fn(get(key));
    set(key, next);
    return next;
  }
  // No prototype: `in` is an own-property test, and an operator where Object.hasOwn is a call.
  const stateApi = { __proto__: null, get, set, delete: remove, has, keys, update };
  const isApi = (p) => typeof p === 'string' && p in stateApi;
  const $state = new Proxy(Object.create(null), {
    get: (_, p) => (typeof p !== 'string' ? undefined : p in stateApi ? stateApi[p] : read(p)),
    set: (_, p, v) => set(p, v),
    deleteProperty: (_, p) => (remove(p), true),
    has: (_, p) => isApi(p) || has(p),
    ownKeys: () => keys(),
    getOwnPropertyDescriptor: (_, p) =>
      has(p) ? { value: get(p), writable: true, enumerable: true, configurable: true } : undefined,
    defineProperty: (_, p, d) => set(p, d.value),
  });

  // ---- events, view, log, time ----
  function $emit(name, payload) {
    call('e', String(name), json(payload));
  }
  $emit.toast = (message, level = 'info') => $emit('toast', { message: String(message), level: String(level) });

  const $view = {
    setFilter: (id, value) => call('v', String(id), 'setFilter', json({ filter: value })),
    scrollTo: (id, position) => call('v', String(id), 'scrollTo', json({ position })),
    focus: (id) => call('v', String(id), 'focus', '{}'),
    command: (id, command, params) => call('v', String(id), String(command), json(params ?? {})),
  };

  function format(value) {
    if (typeof value === 'string') return value;
    if (value instanceof ErrorCtor) return value.name + ': ' + value.message;
    try {
      return stringify(value) ?? String(value);
    } catch {
      return String(value);
    }
  }
  const log = (level) => (...args) => void call('l', level, args.map(format).join(' '));
  const $log = { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
  const $time = { now: () => Number(call('t')) };

  // ---- $ext: every call is a promise the host settles after the I/O ----
  function extCall(name, method, args) {
    const reply = call('x', name, method, json(args));
    if (reply[0] === '!') {
      const info = parse(reply.slice(1));
      return new PromiseCtor((_, reject) => reject(kernelError(info.c, info.m)));
    }
    return new PromiseCtor((resolve, reject) => pending.set(reply, { resolve, reject }));
  }
  const extension = (name) =>
    new Proxy({}, { get: (_, method) => (typeof method !== 'string' || method === 'then' ? undefined : (...args) => extCall(name, method, args)) });
  const $ext = new Proxy({}, { get: (_, name) => (typeof name !== 'string' || name === 'then' ? undefined : extension(name)) });

  // ---- out of memory is terminal ----
  // QuickJS reports an exhausted heap as a catchable InternalError. Every error object passes through
  // Error.prepareStackTrace when it is created, before any catch can see it, so the host hears of it there.
  const InternalErrorCtor = globalThis.InternalError;
  function formatStack(error, callsites) {
    if (InternalErrorCtor && error instanceof InternalErrorCtor && error.message === 'out of memory') host('o');
    let text = '';
    for (const site of callsites) {
      text += '    at ' + (site.getFunctionName() || '<anonymous>') + ' (' + site.getFileName() + ':' + site.getLineNumber() + ':' + site.getColumnNumber() + ')\n';
    }
    return text;
  }
  Object.defineProperty(ErrorCtor, 'prepareStackTrace', { value: formatStack, writable: false, configurable: false });

  // ---- no code generation from strings ----
  const blocked = function () {
    throw new TypeErrorCtor('code generation from strings is disabled');
  };
  for (const fn of [function () {}, async function () {}, function* () {}, async function* () {}]) {
    Object.defineProperty(Object.getPrototypeOf(fn), 'constructor', { value: blocked, writable: false, configurable: false });
  }
  delete globalThis.eval;
  delete globalThis.Function;

  for (const [name, value] of Object.entries({ $state, $emit, $view, $log, $time, $ext })) {
    Object.defineProperty(globalThis, name, { value, writable: false, enumerable: false, configurable: false });
  }
  // Defined once here rather than per execution, and parsed only when a handler touches them.
  const inputOf = () => (input ??= parse(inputText));
  Object.defineProperty(globalThis, '$args', { get: () => inputOf().args, enumerable: false, configurable: false });
  Object.defineProperty(globalThis, '$scope', { get: () => inputOf().scope, enumerable: false, configurable: false });

  // ---- called by the host ----
  function describe(error) {
    const info = {};
    try {
      if (error !== null && typeof error === 'object' && kernelErrors.has(error)) info.c = error.code;
      if (error instanceof ErrorCtor) {
        info.m = info.c ? error.message : error.name + ': ' + error.message;
        const match = LOCATION.exec(String(error.stack ?? ''));
        if (match) {
          info.l = Number(match[1]) - HANDLER_LINE_OFFSET;
          info.col = Number(match[2]);
        }
      } else {
        info.m = 'Uncaught ' + format(error);
      }
    } catch {
      info.m = 'unprintable error';
    }
    return stringify(info);
  }

  function finish(value) {
    const plain = plainJson(value);
    if (plain !== undefined) return { s: 'd', v: plain, plain: true };
    let text;
    try {
      text = stringify(value);
    } catch (e) {
      return { s: 'e', e: parse(describe(new TypeErrorCtor('return value is not JSON-serializable: ' + e.message))) };
    }
    return text === undefined ? { s: 'd' } : { s: 'd', v: text, plain: false };
  }
  function fulfilled(value) {
    outcome = finish(value);
  }
  function rejected(error) {
    outcome = { s: 'e', e: parse(describe(error)) };
  }
  const reactions = [fulfilled, rejected];

  function start(handler, text) {
    // Every execution starts from the snapshot, where these are empty; only a sandbox run twice without a reset
    // (benchmarks of a bare sandbox) needs new ones.
    if (used) {
      cur = new Map(); base = new Map(); resolved = new Set(); blind = new Set(); deleted = new Set();
      checkedWrite = new Set(); pending = new Map(); outcome = undefined; input = undefined;
    }
    used = true;
    inputText = text;
    let promise;
    try {
      promise = handler();
    } catch (e) {
      outcome = { s: 'e', e: parse(describe(e)) };
      return '';
    }
    apply(promiseThen, promise, reactions);
    return '';
  }

  // The batch is built as text, one mutation at a time: `{"m":[["s",key,text],["d",key]]}`, by concatenation rather
  // than JSON.stringify of an array of arrays, the costliest step of a trivial trigger (perf-guest.md §3). No array
  // and join either: a handler may have replaced Array.prototype's methods by now.
  // Map/Set forEach with named functions: QuickJS runs them faster than for-of destructuring (perf-guest.md §2).
  let batch = '';
  function append(mutation) {
    batch = batch === '' ? mutation : batch + ',' + mutation;
  }
  function diff(value, key) {
    const plain = plainJson(value);
    const text = plain ?? stringify(value);
    if (text === undefined) {
      cur.delete(key);
      deleted.add(key);
    } else if (base.get(key) !== text) {
      append('["s",' + stringify(key) + ',' + quoteText(text, plain !== undefined) + ']');
      base.set(key, text);
    }
  }
  function gone(key) {
    if (cur.has(key)) return;
    if (base.has(key) || blind.has(key)) append('["d",' + stringify(key) + ']');
    base.delete(key);
  }

  function flush() {
    batch = '';
    try {
      cur.forEach(diff);
    } catch (e) {
      return stringify({ e: 'state is not JSON-serializable: ' + e.message });
    }
    if (deleted.size !== 0) {
      deleted.forEach(gone);
      deleted.clear();
    }
    return '{"m":[' + batch + ']}';
  }

  // What the host reads after every slice, in one crossing: the outcome so far and, unless the handler failed, the
  // batch to commit: {"s":"p"|"d","v"?:text,"b":{"m":[…]}|{"e":…}}, or the error envelope {"s":"e","e":…}.
  function step() {
    if (outcome !== undefined && outcome.s === 'e') return stringify(outcome);
    const head = outcome === undefined ? '{"s":"p"' : outcome.v === undefined ? '{"s":"d"' : '{"s":"d","v":' + quoteText(outcome.v, outcome.plain);
    return head + ',"b":' + flush() + '}';
  }

  function settle(id, ok, payload) {
    const waiter = pending.get(id);
    if (!waiter) return '';
    pending.delete(id);
    if (ok === '1') {
      waiter.resolve(parse(payload));
    } else {
      const info = parse(payload);
      waiter.reject(kernelError(info.c, info.m));
    }
    return '';
  }

  return { start, step, settle, describe };
})()
