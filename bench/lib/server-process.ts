/** Starts the real server (or the bare broadcaster) as its own process and waits until it listens. */
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface ServerProcess {
  base: string;
  pid: number;
  child: ChildProcess;
  login?: { email: string; password: string };
  output: string[];
  stop(signal?: NodeJS.Signals): Promise<void>;
}

const words = (s: string | undefined) => (s ? s.split(' ').filter(Boolean) : []);

export function startProcess(args: string[], env: Record<string, string>, ready: RegExp, timeoutMs = 60_000, ownNodeArgs: string[] = []): Promise<ServerProcess> {
  // BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the server under load.
  const nodeArgs = [...words(process.env.BENCH_NODE_ARGS), ...ownNodeArgs];
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', ...args], { cwd: ROOT, env: { ...process.env, LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  // bench:live --pin: the server (all its threads) on the CPUs given, the load generator on the others.
  if (process.env.BENCH_SERVER_CPUS) spawn('taskset', ['-a', '-p', '-c', process.env.BENCH_SERVER_CPUS, String(child.pid)], { stdio: 'ignore' });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output.join('')}`)), timeoutMs);
    let base: string | null = null;
    let settled = false;
    const login: { email?: string; password?: string } = {};
    const onData = (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      // BENCH_SERVER_LOG=file keeps what the server printed (say, with BENCH_NODE_ARGS=--trace-gc).
      if (process.env.BENCH_SERVER_LOG) appendFileSync(process.env.BENCH_SERVER_LOG, text);
      output.push(text);
      const m = ready.exec(output.join(''));
      if (m && !base) base = m[1]!.replace('localhost', '127.0.0.1');
      if (base && !settled) {
        settled = true;
        clearTimeout(timer);
        const b = base;
        // The demo login is printed right after the address, on the first start only.
        setTimeout(() => {
          const all = output.join('');
          const email = /e-mail:\s+(\S+)/.exec(all);
          const password = /wachtwoord:\s+(\S+)/.exec(all);
          if (email && password) {
            login.email = email[1];
            login.password = password[1];
          }
        resolve({
          base: b,
          pid: child.pid!,
          child,
          output,
          ...(login.email && login.password ? { login: { email: login.email, password: login.password } } : {}),
          stop: (signal = 'SIGTERM') =>
            new Promise((r) => {
              if (child.exitCode !== null || child.signalCode !== null) return r();
              child.once('exit', () => r());
              child.kill(signal);
            }),
        });
        }, 300);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (c: Buffer) => output.push(c.toString('utf8')));
    child.once('exit', (code) => {
      if (!base) {
        clearTimeout(timer);
        reject(new Error(`server exited with ${code}:\n${output.join('')}`));
      }
    });
  });
}

/** `nodeArgs`: node flags for this server only, after BENCH_SERVER_NODE_ARGS. */
export function startServer(opts: { dataDir: string; env?: Record<string, string>; nodeArgs?: string[] }): Promise<ServerProcess> {
  return startProcess(['packages/server/src/cli/main.ts', 'serve', '--port', '0', '--data', opts.dataDir], { HOST: '127.0.0.1', ...(opts.env ?? {}) }, /draait op (http:\/\/\S+)/, 60_000, [...words(process.env.BENCH_SERVER_NODE_ARGS), ...(opts.nodeArgs ?? [])]);
}

export function startBroadcaster(payloadBytes: number): Promise<ServerProcess> {
  return startProcess(['bench/bare-broadcaster.ts', '--payload', String(payloadBytes)], {}, /listening (http:\/\/\S+)/);
}
