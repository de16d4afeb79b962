import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const BUILT_MAIN = join(__dirname, '..', '..', 'dist', 'src', 'main.js');

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** The built service (`node dist/src/main.js`) as a child process, its output kept. */
export class ServerProcess {
  readonly output: string[] = [];
  readonly exited: Promise<Exit>;
  private readonly child: ChildProcess;

  private constructor(env: NodeJS.ProcessEnv) {
    if (!existsSync(BUILT_MAIN)) throw new Error(`${BUILT_MAIN} is missing: run \`npm run build\` (npm test does).`);
    // Several servers run at once in the suites: none takes the default metrics port unless asked to.
    this.child = spawn(process.execPath, [BUILT_MAIN], { env: { METRICS_PORT: 'off', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    for (const stream of [this.child.stdout!, this.child.stderr!]) {
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => this.output.push(...chunk.split('\n').filter(Boolean)));
    }
    this.exited = new Promise((resolve) => this.child.on('exit', (code, signal) => resolve({ code, signal })));
  }

  /** Starts the server and resolves once it listens (or rejects with its output if it exits first). */
  static async start(env: NodeJS.ProcessEnv, timeoutMs = 30_000): Promise<ServerProcess> {
    const server = new ServerProcess(env);
    const deadline = Date.now() + timeoutMs;
    while (!server.output.some((line) => line.includes('Crypto Checkout is listening'))) {
      const exit = await Promise.race([server.exited, new Promise((resolve) => setTimeout(resolve, 50, undefined))]);
      if (exit || Date.now() > deadline) {
        server.kill('SIGKILL');
        throw new Error(`the server did not start:\n${server.output.join('\n')}`);
      }
    }
    return server;
  }

  /** Runs the server to its exit (for starts that are expected to fail). */
  static run(env: NodeJS.ProcessEnv): Promise<Exit & { output: string }> {
    const server = new ServerProcess(env);
    return server.exited.then((exit) => ({ ...exit, output: server.output.join('\n') }));
  }

  get pid(): number {
    return this.child.pid!;
  }

  kill(signal: NodeJS.Signals): void {
    this.child.kill(signal);
  }

  /** Sends `signal` and waits for the exit, failing after `timeoutMs`. */
  async stop(signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 20_000): Promise<Exit> {
    this.kill(signal);
    const timeout = new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`no exit within ${timeoutMs} ms:\n${this.output.join('\n')}`)), timeoutMs).unref(),
    );
    return Promise.race([this.exited, timeout]);
  }

  logged(fragment: string): boolean {
    return this.output.some((line) => line.includes(fragment));
  }
}
