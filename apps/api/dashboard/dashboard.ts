// logsieve's dashboard: search, live tail, volume chart, queue depth and alerts. Plain
// TypeScript over the public API with the user's key; no framework.
interface LogItem { log_id: string; timestamp: string; level?: string; service?: string; message?: string; [field: string]: unknown }
interface Page { items: LogItem[]; next: string | null }
interface Stats { buckets: Array<{ start: string; total: number; by_level: Record<string, number> }>; queue: null | Record<'waiting' | 'active' | 'delayed' | 'failed', number> }

const KEY_STORAGE = 'logsieve.key';
const LEVEL_COLOURS: Record<string, string> = { error: '--error', warn: '--warn', info: '--info', debug: '--debug' };
const $ = <T extends HTMLElement>(selector: string) => document.querySelector(selector) as T;

let apiKey = sessionStorage.getItem(KEY_STORAGE) ?? '';
let nextCursor: string | null = null;
let tail: AbortController | null = null;

class ApiError extends Error {}

async function api<T>(path: string): Promise<T> {
  const response = await fetch(path, { headers: { 'X-API-Key': apiKey } });
  const body = await response.json().catch(() => ({}));
  if (response.status === 401) showKeyForm('That key was refused; enter another.');
  if (!response.ok) throw new ApiError(Array.isArray(body.message) ? body.message.join('; ') : (body.message ?? `HTTP ${response.status}`));
  return body as T;
}

/** The search form as query parameters, shared by search and tail. */
function filters(includeFrom = true): URLSearchParams {
  const form = new FormData($<HTMLFormElement>('#search'));
  const params = new URLSearchParams();
  if (includeFrom) params.set('from', String(form.get('from')));
  for (const name of ['level', 'service', 'q'] as const) {
    const value = String(form.get(name) ?? '').trim();
    if (value) params.set(name, value);
  }
  const attr = String(form.get('attr') ?? '').trim();
  const eq = attr.indexOf('=');
  if (eq > 0) params.set(`attr.${attr.slice(0, eq).trim()}`, attr.slice(eq + 1).trim());
  return params;
}

function setStatus(text: string, isError = false): void {
  const status = $<HTMLParagraphElement>('#status');
  status.textContent = text;
  status.classList.toggle('error', isError);
}

function row(item: LogItem, fresh = false): HTMLTableRowElement {
  const tr = document.createElement('tr');
  tr.dataset.id = item.log_id;
  if (fresh) tr.className = 'new';
  const cells = [new Date(item.timestamp).toLocaleString(), item.level ?? '', item.service ?? '', item.message ?? JSON.stringify(item.log_data ?? item.attributes ?? '')];
  cells.forEach((text, i) => {
    const td = document.createElement('td');
    td.textContent = text;
    if (i === 1) td.className = `level level-${text}`;
    tr.append(td);
  });
  tr.addEventListener('click', () => {
    $('#detail-card').hidden = false;
    $('#detail').textContent = JSON.stringify(item, null, 2);
  });
  return tr;
}

async function search(append = false): Promise<void> {
  const params = filters();
  params.set('limit', '50');
  if (append && nextCursor) params.set('cursor', nextCursor);
  setStatus('Loading…');
  try {
    const page = await api<Page>(`/logs?${params}`);
    const body = $<HTMLTableSectionElement>('#results tbody');
    if (!append) body.replaceChildren();
    body.append(...page.items.map((item) => row(item)));
    nextCursor = page.next;
    $('#more').hidden = !nextCursor;
    const shown = body.rows.length;
    setStatus(shown === 0 ? 'No logs match these filters.' : `${shown} log${shown === 1 ? '' : 's'} shown${nextCursor ? '; more are older' : ''}.`);
  } catch (error) {
    setStatus(`Search failed: ${(error as Error).message}`, true);
  }
}

function setTailState(text: string, state: '' | 'live' | 'connecting' | 'lost'): void {
  const pill = $('#tail-state');
  pill.textContent = text;
  pill.className = `pill ${state}`;
}

/** Follows GET /logs/stream, reconnecting with Last-Event-ID whenever the server ends it. */
async function runTail(control: AbortController): Promise<void> {
  let lastEventId = '';
  let delay = 1000;
  while (!control.signal.aborted) {
    setTailState('tail connecting…', 'connecting');
    let endReason = 'connection lost';
    try {
      const headers: Record<string, string> = { 'X-API-Key': apiKey, Accept: 'text/event-stream' };
      if (lastEventId) headers['Last-Event-ID'] = lastEventId;
      const response = await fetch(`/logs/stream?${filters(false)}`, { headers, signal: control.signal });
      if (!response.ok || !response.body) {
        const body = await response.json().catch(() => ({}));
        endReason = body.message ?? `HTTP ${response.status}`;
        if (response.status === 400 || response.status === 401 || response.status === 403) {
          setTailState('tail stopped', 'lost');
          setStatus(`Live tail refused: ${endReason}`, true);
          return;
        }
      } else {
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value;
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const field = (name: string) => block.split('\n').find((line) => line.startsWith(`${name}: `))?.slice(name.length + 2);
            const event = field('event');
            const data = field('data');
            if (event === 'ready') {
              setTailState('live', 'live');
              delay = 1000;
            } else if (event === 'log' && data) {
              lastEventId = field('id') ?? lastEventId;
              const item = JSON.parse(data) as LogItem;
              const body = $<HTMLTableSectionElement>('#results tbody');
              if (!body.querySelector(`tr[data-id="${item.log_id}"]`)) body.prepend(row(item, true));
              setStatus(`${body.rows.length} logs shown; live.`);
            } else if ((event === 'end' || event === 'gap') && data) {
              endReason = JSON.parse(data).reason;
            }
          }
        }
      }
    } catch (error) {
      if (control.signal.aborted) break;
      endReason = (error as Error).message;
    }
    if (control.signal.aborted) break;
    setTailState(`tail lost: ${endReason}; retrying`, 'lost');
    await new Promise((resolve) => setTimeout(resolve, delay));
    delay = Math.min(delay * 2, 15_000);
  }
  setTailState('tail off', '');
}

function toggleTail(on: boolean): void {
  tail?.abort();
  tail = null;
  if (on) void runTail((tail = new AbortController()));
}

function drawChart(stats: Stats): void {
  const chart = $('#chart');
  const levels = [...new Set(stats.buckets.flatMap((b) => Object.keys(b.by_level)))].sort();
  const max = Math.max(1, ...stats.buckets.map((b) => b.total));
  if (stats.buckets.every((b) => b.total === 0)) {
    chart.textContent = 'No logs in the last hour yet.';
    return;
  }
  const width = 1000;
  const height = 140;
  const barWidth = width / stats.buckets.length;
  const colour = (level: string) => `var(${LEVEL_COLOURS[level] ?? '--other'})`;
  const bars = stats.buckets.flatMap((bucket, i) => {
    let y = height;
    return levels.map((level) => {
      const h = ((bucket.by_level[level] ?? 0) / max) * (height - 10);
      y -= h;
      return h > 0 ? `<rect x="${(i * barWidth + 1).toFixed(1)}" y="${y.toFixed(1)}" width="${Math.max(1, barWidth - 2).toFixed(1)}" height="${h.toFixed(1)}" fill="${colour(level)}"><title>${new Date(bucket.start).toLocaleTimeString()} ${level}: ${bucket.by_level[level]}</title></rect>` : '';
    });
  });
  const legend = levels.map((level) => `<span><i style="background:${colour(level)}"></i>${level.replace(/[^\w()-]/g, '')}</span>`).join('');
  chart.innerHTML = `<svg viewBox="0 0 ${width} ${height}" preserveAspectRatio="none" role="img" aria-label="Logs by level over the last hour">${bars.join('')}</svg><div class="legend">${legend} <span>max ${max} per bucket</span></div>`;
}

async function refreshStats(): Promise<void> {
  try {
    const stats = await api<Stats>('/stats?from=1h');
    drawChart(stats);
    $('#queue').textContent = stats.queue ? `queue: ${stats.queue.waiting} waiting · ${stats.queue.active} active · ${stats.queue.failed} failed` : 'queue: Redis unreachable';
  } catch (error) {
    $('#chart').textContent = `Stats unavailable: ${(error as Error).message}`;
  }
}

async function refreshAlerts(): Promise<void> {
  const box = $('#alerts');
  const response = await fetch('/alerts?limit=10&from=24h', { headers: { 'X-API-Key': apiKey } }).catch(() => null);
  if (!response || response.status === 404) {
    box.textContent = 'Fraud detection alerts will appear here once detection is enabled.';
    return;
  }
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    box.textContent = `Alerts unavailable: ${body.message ?? response.status}`;
    return;
  }
  const items = (body.items ?? []) as Array<{ rule_name: string; severity: string; created_at: string; aggregate: string; value: number; status: string; sample_log_ids: string[] }>;
  box.textContent = items.length === 0 ? 'No alerts in the last 24 hours.' : '';
  for (const alert of items) {
    const line = document.createElement('div');
    line.className = `alert severity-${alert.severity}`;
    line.textContent = `${new Date(alert.created_at).toLocaleString()} · ${alert.severity} · ${alert.rule_name}: ${alert.aggregate} = ${alert.value} · ${alert.status}`;
    line.title = `sample logs: ${alert.sample_log_ids.join(', ')}`;
    box.append(line);
  }
}

function showKeyForm(message = ''): void {
  toggleTail(false);
  $('#app').hidden = true;
  $('#sign-out').hidden = true;
  $('#key-form').hidden = false;
  $<HTMLParagraphElement>('#key-form .hint').textContent = message || 'Kept in this tab only. npm run stack prints a local key.';
}

function start(): void {
  $('#key-form').hidden = true;
  $('#app').hidden = false;
  $('#sign-out').hidden = false;
  void search();
  void refreshStats();
  void refreshAlerts();
}

document.addEventListener('DOMContentLoaded', () => {
  $<HTMLFormElement>('#key-form').addEventListener('submit', (event) => {
    event.preventDefault();
    apiKey = $<HTMLInputElement>('#key').value.trim();
    sessionStorage.setItem(KEY_STORAGE, apiKey);
    start();
  });
  $('#sign-out').addEventListener('click', () => {
    sessionStorage.removeItem(KEY_STORAGE);
    apiKey = '';
    showKeyForm();
  });
  $<HTMLFormElement>('#search').addEventListener('submit', (event) => {
    event.preventDefault();
    void search();
    if ($<HTMLInputElement>('#live').checked) toggleTail(true);
  });
  $('#more').addEventListener('click', () => void search(true));
  $<HTMLInputElement>('#live').addEventListener('change', (event) => toggleTail((event.target as HTMLInputElement).checked));
  setInterval(() => {
    if (!apiKey || $('#app').hidden) return;
    void refreshStats();
    void refreshAlerts();
  }, 10_000);
  if (apiKey) start();
  else showKeyForm();
});
