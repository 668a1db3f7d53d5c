import { Api, ApiError } from './api.js';
import { renderTree, applyMutations, el } from './tree.js';
import { Tally, drawChart } from './chart.js';
import { renderResult, renderProblem } from './result.js';

const $ = id => document.getElementById(id);
const tally = new Tally();
let api = null;
let current = null; // { id, state, version, socket }

// --dev hands the token over in the fragment (never sent to a server); keep it for this tab only, then drop it
// from the address bar so it is not bookmarked or shared by accident.
function takeToken() {
  const match = /(?:^#|&)token=([^&]+)/.exec(location.hash);
  if (match) {
    sessionStorage.setItem('nexus-token', decodeURIComponent(match[1]));
    history.replaceState(null, '', location.pathname);
  }
  return sessionStorage.getItem('nexus-token');
}

function setStatus(text, isError = false) {
  $('status').textContent = text;
  $('status').classList.toggle('error', isError);
}

async function useToken(token) {
  api = new Api(token);
  sessionStorage.setItem('nexus-token', token);
  await loadPanels();
}

async function loadPanels(select) {
  if (!api) return;
  try {
    const { panels, total } = await api.listPanels();
    $('panel-total').textContent = `(${total})`;
    const list = $('panel-list');
    list.replaceChildren();
    for (const p of panels) {
      const button = el('button', 'panel-item');
      button.type = 'button';
      button.dataset.panel = p.id;
      button.append(el('strong', '', p.id), el('span', 'muted', ` ${p.kind} · `), el('span', 'muted v', `v${p.version}`),
        el('span', 'muted', ` · ${p.status}`));
      if (current?.id === p.id) button.setAttribute('aria-current', 'true');
      button.addEventListener('click', () => openPanel(p.id));
      const item = el('li');
      item.append(button);
      list.append(item);
    }
    if (panels.length === 0) list.append(el('li', 'muted', 'No panels yet.'));
    setStatus(`Signed in: ${panels.length} panel(s) visible.`);
    if (select) await openPanel(select);
  } catch (e) {
    setStatus(e instanceof ApiError ? `${e.problem.code ?? e.status}: ${e.message}` : String(e), true);
  }
}

async function openPanel(id) {
  current?.socket?.close(1000, 'switched panel');
  const info = await api.panel(id);
  current = { id, state: info.state, version: info.version, socket: null };
  $('empty').hidden = true;
  $('panel').hidden = false;
  $('panel-title').textContent = info.title ? `${info.title} (${id})` : id;
  $('version').textContent = String(info.version);
  $('events').replaceChildren();
  renderTree($('state-tree'), current.state);
  renderTools(info.tools);
  redrawChart();
  for (const b of document.querySelectorAll('.panel-item')) b.toggleAttribute('aria-current', b.dataset.panel === id);
  connect(current);
  $('main').focus();
}

function connect(panel) {
  const socket = api.socket(panel.id);
  panel.socket = socket;
  const live = $('live');
  live.textContent = 'connecting';
  socket.addEventListener('open', () => socket.send(JSON.stringify({ type: 'SUBSCRIBE', topics: ['state', 'events'] })));
  socket.addEventListener('message', message => {
    if (current !== panel) return;
    const msg = JSON.parse(message.data);
    switch (msg.type) {
      case 'CONNECTED':
        live.textContent = 'live';
        live.classList.add('on');
        panel.state = msg.state;
        setVersion(msg.version);
        renderTree($('state-tree'), panel.state);
        break;
      case 'PATCH':
        applyMutations($('state-tree'), panel.state, msg.mutations);
        setVersion(msg.version);
        tally.add(panel.id, 'patches');
        redrawChart();
        break;
      case 'EVENT':
        addEvent(msg.event);
        tally.add(panel.id, 'events');
        redrawChart();
        break;
      case 'ERROR':
        setStatus(`WebSocket ${msg.code}: ${msg.message}`, true);
        break;
    }
  });
  socket.addEventListener('close', event => {
    if (current !== panel) return;
    live.textContent = `offline (${event.code}${event.reason ? ' ' + event.reason : ''})`;
    live.classList.remove('on');
  });
}

function setVersion(version) {
  current.version = version;
  $('version').textContent = String(version);
  const item = document.querySelector(`.panel-item[data-panel="${CSS.escape(current.id)}"] .v`);
  if (item) item.textContent = `v${version}`;
}

function addEvent(event) {
  const item = el('li');
  const time = new Date(event.timestamp).toLocaleTimeString();
  item.append(el('time', 'muted', time), el('strong', '', ` ${event.name} `), el('code', '', JSON.stringify(event.payload)));
  const list = $('events');
  list.prepend(item);
  while (list.children.length > 200) list.lastChild.remove();
}

function renderTools(tools) {
  const box = $('tools');
  box.replaceChildren();
  if (tools.length === 0) box.append(el('p', 'muted', 'This panel has no tools.'));
  for (const name of tools) {
    const form = el('form', 'tool');
    form.dataset.tool = name;
    const argsId = `args-${name}`;
    const label = el('label', '', `${name} — arguments (JSON)`);
    label.htmlFor = argsId;
    const args = el('textarea', 'args');
    args.id = argsId;
    args.rows = 2;
    args.spellcheck = false;
    args.value = '{}';
    args.title = 'Ctrl+Enter runs';
    const run = el('button', '', 'Run');
    run.type = 'submit';
    run.setAttribute('aria-label', `Run ${name}`);
    const output = el('div', 'result');
    output.setAttribute('aria-live', 'polite');
    form.append(label, args, run, output);
    args.addEventListener('keydown', e => { if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) form.requestSubmit(); });
    form.addEventListener('submit', e => { e.preventDefault(); runTool(name, args, output); });
    box.append(form);
  }
}

async function runTool(name, argsField, output) {
  let args;
  try {
    args = JSON.parse(argsField.value || '{}');
  } catch (e) {
    output.replaceChildren(el('p', 'error', `Arguments are not JSON: ${e.message}`));
    return;
  }
  const panelId = current.id;
  output.replaceChildren(el('p', 'muted', 'running…'));
  try {
    const result = await api.trigger(panelId, name, args);
    tally.add(panelId, 'executions');
    if (result.status !== 'success') tally.add(panelId, 'errors');
    renderResult(output, result);
  } catch (e) {
    tally.add(panelId, 'errors');
    renderProblem(output, e);
  }
  redrawChart();
}

function redrawChart() {
  if (current) drawChart($('chart'), tally.series(current.id));
}

function updateGutter() {
  const lines = $('new-handler').value.split('\n').length;
  const marked = Number($('new-gutter').dataset.errorLine || 0);
  const gutter = $('new-gutter');
  gutter.replaceChildren();
  for (let i = 1; i <= lines; i++) {
    const line = el('span', i === marked ? 'error-line' : '', String(i));
    gutter.append(line, '\n');
  }
  gutter.scrollTop = $('new-handler').scrollTop;
}

function markLine(line) {
  $('new-gutter').dataset.errorLine = line ? String(line) : '';
  $('new-handler').classList.toggle('invalid', Boolean(line));
  updateGutter();
}

async function createPanel(event) {
  event.preventDefault();
  const error = $('create-error');
  error.textContent = '';
  markLine(0);
  if (!api) { error.textContent = 'Give a token first.'; return; }
  let initialState;
  try {
    initialState = JSON.parse($('new-state').value || '{}');
  } catch (e) {
    error.textContent = `Initial state is not JSON: ${e.message}`;
    return;
  }
  const id = $('new-id').value.trim();
  const definition = {
    id, kind: $('new-kind').value.trim(),
    tools: [{ name: $('new-tool').value.trim(), handler: $('new-handler').value }],
    initialState,
  };
  try {
    await api.createPanel(definition);
    $('create').open = false;
    await loadPanels(id);
  } catch (e) {
    const p = e instanceof ApiError ? e.problem : {};
    if (p.code === 'COMPILATION_ERROR' && p.line) {
      error.textContent = `COMPILATION_ERROR at line ${p.line}${p.column ? `, column ${p.column}` : ''}: ${p.detail}`;
      markLine(p.line);
      selectLine($('new-handler'), p.line);
    } else {
      error.textContent = `${p.code ?? e.status ?? 'error'}: ${e.message}`;
    }
  }
}

function selectLine(textarea, line) {
  const lines = textarea.value.split('\n');
  const start = lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0);
  textarea.focus();
  textarea.setSelectionRange(start, start + (lines[line - 1]?.length ?? 0));
}

$('token-form').addEventListener('submit', e => {
  e.preventDefault();
  const token = $('token').value.trim();
  if (token) useToken(token);
});
$('refresh').addEventListener('click', () => loadPanels());
$('create-form').addEventListener('submit', createPanel);
$('new-handler').addEventListener('input', () => { markLine(0); });
$('new-handler').addEventListener('scroll', () => { $('new-gutter').scrollTop = $('new-handler').scrollTop; });
document.addEventListener('keydown', e => {
  const typing = e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement;
  if (!typing && e.key === 'r' && !e.ctrlKey && !e.metaKey) loadPanels();
});
setInterval(redrawChart, 30000);
updateGutter();

const token = takeToken();
if (token) {
  $('token').value = token;
  useToken(token);
}
