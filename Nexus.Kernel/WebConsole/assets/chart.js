// Per-panel activity over the last minutes, tallied by this page (the kernel's API has no per-panel figures).
// Buckets of one minute; drawn as grouped SVG bars built through the DOM (no inline style, CSP-safe).

const SVG = 'http://www.w3.org/2000/svg';
const MINUTES = 10;
export const SERIES = ['executions', 'errors', 'patches', 'events'];

export class Tally {
  constructor() { this.buckets = new Map(); }

  add(panelId, series, now = Date.now()) {
    const minute = Math.floor(now / 60000);
    const key = `${panelId}|${minute}`;
    const bucket = this.buckets.get(key) ?? { executions: 0, errors: 0, patches: 0, events: 0 };
    bucket[series] += 1;
    this.buckets.set(key, bucket);
  }

  series(panelId, now = Date.now()) {
    const last = Math.floor(now / 60000);
    const out = [];
    for (let m = last - MINUTES + 1; m <= last; m++) {
      out.push({ minute: m, ...(this.buckets.get(`${panelId}|${m}`) ?? { executions: 0, errors: 0, patches: 0, events: 0 }) });
    }
    return out;
  }
}

export function drawChart(container, points) {
  const width = 320, height = 120, pad = 18;
  const max = Math.max(1, ...points.flatMap(p => SERIES.map(s => p[s])));
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.setAttribute('role', 'img');
  const totals = SERIES.map(s => `${s} ${points.reduce((n, p) => n + p[s], 0)}`).join(', ');
  svg.setAttribute('aria-label', `Last ${MINUTES} minutes: ${totals}`);
  const slot = (width - pad) / points.length;
  const bar = (slot - 4) / SERIES.length;
  points.forEach((p, i) => {
    SERIES.forEach((s, j) => {
      const h = Math.round((p[s] / max) * (height - pad - 4));
      const rect = document.createElementNS(SVG, 'rect');
      rect.setAttribute('x', String(pad + i * slot + j * bar));
      rect.setAttribute('y', String(height - pad - h));
      rect.setAttribute('width', String(Math.max(1, bar - 1)));
      rect.setAttribute('height', String(h));
      rect.setAttribute('class', `bar series-${s}`);
      const title = document.createElementNS(SVG, 'title');
      title.textContent = `${new Date(p.minute * 60000).toTimeString().slice(0, 5)} ${s}: ${p[s]}`;
      rect.append(title);
      svg.append(rect);
    });
  });
  const axis = document.createElementNS(SVG, 'line');
  axis.setAttribute('x1', String(pad)); axis.setAttribute('x2', String(width));
  axis.setAttribute('y1', String(height - pad)); axis.setAttribute('y2', String(height - pad));
  axis.setAttribute('class', 'axis');
  svg.append(axis);
  for (const [x, label] of [[pad, `-${MINUTES - 1}m`], [width - 24, 'now']]) {
    const text = document.createElementNS(SVG, 'text');
    text.setAttribute('x', String(x)); text.setAttribute('y', String(height - 4));
    text.setAttribute('class', 'label');
    text.textContent = label;
    svg.append(text);
  }
  const top = document.createElementNS(SVG, 'text');
  top.setAttribute('x', '0'); top.setAttribute('y', '10'); top.setAttribute('class', 'label');
  top.textContent = String(max);
  svg.append(top);

  const legend = document.createElement('ul');
  legend.className = 'legend';
  for (const s of SERIES) {
    const li = document.createElement('li');
    li.className = `series-${s}`;
    li.textContent = `${s} ${points.reduce((n, p) => n + p[s], 0)}`;
    legend.append(li);
  }
  container.replaceChildren(svg, legend);
}
