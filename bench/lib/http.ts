/** Minimal HTTP and SSE clients for load generation: node:http with a keep-alive agent, no browser. */
import { readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';

export const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });

export interface JsonResponse<T = unknown> {
  status: number;
  body: T;
  headers: http.IncomingHttpHeaders;
}

export function request<T = unknown>(base: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<JsonResponse<T>> {
  const url = new URL(path, base);
  const data = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method, agent, headers: { 'x-samenspel': '1', ...(data ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) } : {}), ...headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown = text;
          try {
            parsed = text ? JSON.parse(text) : null;
          } catch {
            /* not JSON */
          }
          resolve({ status: res.statusCode ?? 0, body: parsed as T, headers: res.headers });
        });
        res.on('error', reject);
      },
    );
    req.setTimeout(30_000, () => req.destroy(new Error(`timeout ${method} ${path}`)));
    req.on('error', reject);
    if (data) req.write(data);
    req.end();
  });
}

/** One Server-Sent Events connection that records when each event id arrived. */
export class SseStream {
  /** [seq, arrival ms] in arrival order. */
  readonly arrivals: [number, number][] = [];
  lastSeq = -1;
  lastData: string | null = null;
  /** The diffs that came after lastData, oldest first. */
  diffsSince: string[] = [];
  /** Messages with an id, and the characters of their data, for the bare broadcaster to send as many bytes. */
  messages = 0;
  dataChars = 0;
  private req: http.ClientRequest | null = null;
  private waiters: { seq: number; resolve: () => void }[] = [];
  connected = false;

  /** Reconnect by itself with Last-Event-ID after the connection drops, as a browser's EventSource does. */
  reconnect = false;
  reconnects = 0;
  private stopped = false;

  constructor(
    readonly base: string,
    private readonly path: string,
    private readonly headers: Record<string, string> = {},
    private readonly keepData = false,
  ) {}

  private dropped(): void {
    this.connected = false;
    if (!this.reconnect || this.stopped) return;
    const retry = () => {
      if (this.stopped) return;
      this.open().then(
        () => this.reconnects++,
        () => setTimeout(retry, 200),
      );
    };
    setTimeout(retry, 200);
  }

  open(): Promise<void> {
    return new Promise((resolve, reject) => {
      const headers: Record<string, string> = { accept: 'text/event-stream', ...this.headers };
      if (this.lastSeq >= 0) headers['last-event-id'] = String(this.lastSeq);
      const req = http.request(new URL(this.path, this.base), { method: 'GET', agent: false, headers }, (res) => {
        if (res.statusCode !== 200) {
          reject(new Error(`stream ${this.path}: HTTP ${res.statusCode}`));
          res.resume();
          return;
        }
        let ended = false;
        const end = () => {
          if (ended) return;
          ended = true;
          this.dropped();
        };
        res.on('close', end);
        res.on('error', end);
        this.connected = true;
        resolve();
        let buffer = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          buffer += chunk;
          let i: number;
          while ((i = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, i);
            buffer = buffer.slice(i + 2);
            this.onBlock(block);
          }
        });
      });
      let settled = false;
      req.on('response', () => (settled = true));
      req.on('error', (e) => {
        this.connected = false;
        if (!settled) reject(e);
      });
      req.end();
      this.req = req;
    });
  }

  private onBlock(block: string): void {
    let id: number | null = null;
    let data: string | null = null;
    let event = 'message';
    for (const line of block.split('\n')) {
      if (line.startsWith('id: ')) id = Number(line.slice(4));
      else if (line.startsWith('data: ')) data = line.slice(6);
      else if (line.startsWith('event: ')) event = line.slice(7);
    }
    if (id === null) return;
    this.messages++;
    this.dataChars += data?.length ?? 0;
    // Kept unparsed until the load generator looks at the view (between bursts): the last whole
    // view and the diffs since; a patch moves only the answered counts, which nobody here reads.
    if (this.keepData && data !== null && event === 'diff') this.diffsSince.push(data);
    if (event === 'patch' || event === 'diff') data = null;
    else if (data !== null) this.diffsSince = [];
    const now = performance.now();
    this.arrivals.push([id, now]);
    this.lastSeq = Math.max(this.lastSeq, id);
    if (this.keepData && data !== null) this.lastData = data;
    this.waiters = this.waiters.filter((w) => (w.seq <= this.lastSeq ? (w.resolve(), false) : true));
  }

  /** When this stream first held seq ≥ `seq` (it may have arrived before the POST's answer). */
  arrivalOf(seq: number): number | null {
    for (const [s, t] of this.arrivals) if (s >= seq) return t;
    return null;
  }

  waitFor(seq: number, timeoutMs = 30_000): Promise<void> {
    if (this.lastSeq >= seq) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`stream ${this.path} never reached ${seq} (at ${this.lastSeq})`)), timeoutMs);
      this.waiters.push({ seq, resolve: () => (clearTimeout(timer), resolve()) });
    });
  }

  close(): void {
    this.stopped = true;
    this.req?.destroy();
    this.connected = false;
  }
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/**
 * CPU seconds of every PostgreSQL process on this machine, by pid. The database shares the cores
 * with the server and the load generator, so its work per answer counts as much as the server's.
 */
export function postgresCpu(): Map<number, number> {
  const out = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() !== 'postgres') continue;
      out.set(Number(entry), cpuSecondsOf(Number(entry)));
    } catch {
      // The process ended meanwhile.
    }
  }
  return out;
}

/** CPU seconds the PostgreSQL processes used between two `postgresCpu()` readings (a process started meanwhile from zero). */
export function postgresCpuSince(before: Map<number, number>, after: Map<number, number>): number {
  let s = 0;
  for (const [pid, cpu] of after) s += cpu - (before.get(pid) ?? 0);
  return s;
}

/** CPU seconds (user + system) of a process, from /proc. */
export function cpuSecondsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}
