// The public API, with the bearer token the user gave. Nothing here is privileged: the page has no other door.

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail ?? `HTTP ${status}`);
    this.status = status;
    this.problem = problem ?? {};
  }
}

export class Api {
  constructor(token) {
    this.token = token;
  }

  async request(method, path, body) {
    const headers = { Authorization: `Bearer ${this.token}` };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await response.text();
    const json = text ? safeParse(text) : null;
    if (!response.ok) throw new ApiError(response.status, json);
    return json;
  }

  listPanels() { return this.request('GET', '/panels'); }
  panel(id) { return this.request('GET', `/panels/${encodeURIComponent(id)}`); }
  createPanel(definition) { return this.request('POST', '/panels', definition); }
  trigger(id, tool, args) {
    return this.request('POST', `/panels/${encodeURIComponent(id)}/trigger/${encodeURIComponent(tool)}`, { args });
  }

  // Browsers cannot set headers on a WebSocket, so the token goes in ?token=, which the kernel honours on the
  // upgrade only (and never logs). Same origin: the HTTP port accepts the upgrade too.
  socket(id) {
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    const url = `${scheme}://${location.host}/panels/${encodeURIComponent(id)}/ws?token=${encodeURIComponent(this.token)}`;
    return new WebSocket(url);
  }
}

function safeParse(text) {
  try { return JSON.parse(text); } catch { return { detail: text }; }
}
