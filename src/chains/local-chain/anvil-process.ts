import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/** The Anvil binary shipped in @foundry-rs/anvil's platform package (no download, no postinstall). */
function anvilBinary(): string {
  const arch = process.arch === 'x64' ? 'amd64' : process.arch;
  return require.resolve(`@foundry-rs/anvil-${process.platform}-${arch}/bin/anvil`);
}

export interface AnvilOptions {
  port: number;
  /** Added after the fixed ones (loopback host, the port, prague, silent). */
  args?: readonly string[];
  /**
   * Run it in its own process group, so a Ctrl+C in the terminal reaches only the service, which
   * stops Anvil after its requests have drained.
   */
  detached?: boolean;
}

/** Generous: Anvil parses its whole `--state` file before it listens. */
const READY_TIMEOUT_MS = 30_000;

/** An Anvil chain (prague: EIP-1153 and EIP-6780) on 127.0.0.1, ready once `start` resolves. */
export class AnvilProcess {
  readonly rpcUrl: string;
  private readonly exited: Promise<void>;
  private stderr = '';

  private constructor(
    port: number,
    private readonly child: ChildProcess,
  ) {
    this.rpcUrl = `http://127.0.0.1:${port}`;
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (this.stderr += chunk));
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** Spawns Anvil and waits until it answers `eth_chainId`; throws with Anvil's own error output if it exits first. */
  static async start(options: AnvilOptions): Promise<AnvilProcess> {
    // Anvil would fail to bind a taken port, but whatever holds it might answer our readiness probe.
    if (!(await isFree(options.port))) throw new Error(`127.0.0.1:${options.port} is already in use by another program`);
    const args = ['--host', '127.0.0.1', '--port', String(options.port), '--hardfork', 'prague', '--silent', ...(options.args ?? [])];
    const child = spawn(anvilBinary(), args, { stdio: ['ignore', 'ignore', 'pipe'], detached: options.detached ?? false });
    const anvil = new AnvilProcess(options.port, child);
    if (await anvil.answers()) return anvil;
    await anvil.stop();
    const output = anvil.stderr.trim();
    throw new Error(`Anvil did not start on 127.0.0.1:${options.port}${output ? `: ${output}` : ''}`);
  }

  /** SIGTERM (Anvil then writes its `--state` file) and waits for the exit. */
  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGTERM');
    await this.exited;
  }

  private async answers(): Promise<boolean> {
    let gone = false;
    void this.exited.then(() => (gone = true));
    const deadline = Date.now() + READY_TIMEOUT_MS;
    while (!gone && Date.now() < deadline) {
      try {
        const response = await fetch(this.rpcUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] }),
        });
        if (response.ok) return true;
      } catch {
        // Not listening yet.
      }
      await sleep(25);
    }
    return false;
  }
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}
