// The panel's state as a tree of nested lists. Top-level keys carry data-key so a PATCH can replace one row
// and mark it changed.

export function renderTree(container, state) {
  container.replaceChildren();
  const keys = Object.keys(state).sort();
  if (keys.length === 0) {
    container.append(el('p', 'muted', '(empty state)'));
    return;
  }
  const list = el('ul', 'tree-root');
  for (const key of keys) list.append(row(key, state[key]));
  container.append(list);
}

export function applyMutations(container, state, mutations) {
  for (const m of mutations) {
    if (m.op === 'delete') delete state[m.key];
    else state[m.key] = m.value;
  }
  renderTree(container, state);
  for (const m of mutations) {
    const item = container.querySelector(`li[data-key="${CSS.escape(m.key)}"]`);
    if (item) flash(item);
  }
}

function flash(item) {
  item.classList.remove('changed');
  void item.offsetWidth; // restart the animation when the same key changes twice in a row
  item.classList.add('changed');
}

function row(key, value) {
  const item = el('li');
  item.dataset.key = key;
  if (value !== null && typeof value === 'object') {
    const details = document.createElement('details');
    details.open = true;
    const summary = el('summary');
    summary.append(el('span', 'k', key), el('span', 'muted', Array.isArray(value) ? ` [${value.length}]` : ` {${Object.keys(value).length}}`));
    const children = el('ul');
    for (const [k, v] of Object.entries(value)) children.append(row(k, v));
    details.append(summary, children);
    item.append(details);
  } else {
    item.append(el('span', 'k', key), el('span', 'sep', ': '), el('span', `v ${typeOf(value)}`, JSON.stringify(value)));
  }
  return item;
}

function typeOf(value) {
  return value === null ? 'null' : typeof value;
}

export function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}
