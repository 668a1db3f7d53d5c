import { el } from './tree.js';

// One ExecutionResult (README "API at a glance"): status, return value, mutations, events, view commands, the
// error with its line and column, and the metrics.
export function renderResult(output, result) {
  const parts = [];
  const ok = result.status === 'success';
  parts.push(el('p', ok ? 'ok' : 'error', `status: ${result.status}`));
  if (result.error) {
    const where = result.error.location ? ` at line ${result.error.location.line}, column ${result.error.location.column}` : '';
    parts.push(el('p', 'error', `${result.error.code}${where}: ${result.error.message}`));
  }
  parts.push(section('return value', result.returnValue === undefined ? 'undefined' : JSON.stringify(result.returnValue, null, 2)));
  parts.push(list('state mutations', result.stateMutations, m => m.op === 'delete' ? `delete ${m.key}` : `set ${m.key} = ${JSON.stringify(m.value)}`));
  parts.push(list('events', result.events, e => `${e.name} ${JSON.stringify(e.payload)}`));
  parts.push(list('view commands', result.viewCommands, v => `${v.viewId}.${v.command} ${JSON.stringify(v.params)}`));
  const m = result.metrics;
  if (m) {
    parts.push(el('p', 'metrics', `${m.executionTimeUs} µs · memory ${kib(m.memoryUsedBytes)} (peak ${kib(m.memoryPeakBytes)}) · ${m.hostCalls} host calls · ${m.cacheHit ? 'cache hit' : 'cache miss'}`));
  }
  output.replaceChildren(...parts);
}

export function renderProblem(output, error) {
  const p = error.problem ?? {};
  output.replaceChildren(el('p', 'error', `${p.code ?? error.status ?? 'error'}: ${error.message}`));
}

function section(title, text) {
  const box = el('div');
  box.append(el('h4', '', title), el('pre', 'json', text));
  return box;
}

function list(title, items, format) {
  const box = el('div');
  box.append(el('h4', '', `${title} (${items?.length ?? 0})`));
  if (items?.length) {
    const ul = el('ul', 'plain');
    for (const item of items) ul.append(el('li', '', format(item)));
    box.append(ul);
  }
  return box;
}

function kib(bytes) {
  return `${(bytes / 1024).toFixed(0)} KiB`;
}
