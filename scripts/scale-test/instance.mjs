// One instance of the built service (`node dist/src/main.js`) as a child process: start, readiness,
// SIGTERM (drain, then exit) and kill -9.
import { spawn } from 'node:child_process';
import { BUILT_MAIN } from './built.mjs';
import { waitUntil } from './wait.mjs';

const KEPT_LINES = 200;

export class Instance {
  constructor(name, port, env) {
    this.name = name;
    this.port = port;
    this.env = env;
    this.output = [];
    this.child = undefined;
    this.exited = Promise.resolve();
  }

  get url() {
    return `http://127.0.0.1:${this.port}`;
  }

  /** This process's Prometheus text (its METRICS_PORT), or '' when it does not answer. */
  async metrics() {
    const response = await fetch(`http://127.0.0.1:${this.env.METRICS_PORT}/metrics`, { signal: AbortSignal.timeout(2000) }).catch(() => undefined);
    return response?.ok ? response.text() : '';
  }

  /** Starts the process and resolves once it answers 200 on /readyz. */
  async start() {
    const child = spawn(process.execPath, [BUILT_MAIN], { env: { ...process.env, ...this.env, PORT: String(this.port) }, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    this.exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
    for (const stream of [child.stdout, child.stderr]) {
      stream.setEncoding('utf8');
      stream.on('data', (chunk) => {
        this.output.push(...chunk.split('\n').filter(Boolean));
        this.output.splice(0, Math.max(0, this.output.length - KEPT_LINES));
      });
    }
    let gone = false;
    this.exited.then(() => (gone = true));
    await waitUntil(
      async () => {
        if (gone) throw new Error(`${this.name} exited during start:\n${this.output.join('\n')}`);
        return (await fetch(`${this.url}/readyz`, { signal: AbortSignal.timeout(1000) })).status === 200;
      },
      { timeoutMs: 60_000, intervalMs: 100, what: `${this.name} /readyz`, rethrow: () => gone },
    );
  }

  get pid() {
    return this.child?.pid;
  }

  get running() {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Sends `signal` and resolves with the exit once the process is gone. */
  async stop(signal = 'SIGTERM') {
    if (!this.running) return this.exited;
    this.child.kill(signal);
    return this.exited;
  }
}
