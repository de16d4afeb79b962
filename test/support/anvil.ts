import { ChildProcess, spawn } from 'node:child_process';
import { freePort } from './free-port';

/** The Anvil binary shipped in @foundry-rs/anvil's platform package (no download, no postinstall). */
export function anvilBinary(): string {
  const arch = process.arch === 'x64' ? 'amd64' : process.arch;
  return require.resolve(`@foundry-rs/anvil-${process.platform}-${arch}/bin/anvil`);
}

/** A local Anvil chain (prague: EIP-1153 and EIP-6780) on a free loopback port, for one suite. */
export class Anvil {
  private constructor(
    readonly rpcUrl: string,
    private readonly child: ChildProcess,
    private readonly exited: Promise<void>,
  ) {}

  static async start(extraArgs: string[] = []): Promise<Anvil> {
    // The port was free a moment ago; another process may take it first, so try again.
    for (let attempt = 1; ; attempt += 1) {
      const port = await freePort();
      const args = ['--host', '127.0.0.1', '--port', String(port), '--hardfork', 'prague', '--silent', ...extraArgs];
      const child = spawn(anvilBinary(), args, { stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      const anvil = new Anvil(`http://127.0.0.1:${port}`, child, exited);
      if (await anvil.answers(exited)) return anvil;
      child.kill('SIGKILL');
      if (attempt === 3) throw new Error(`anvil did not start: ${stderr}`);
    }
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGTERM');
    await this.exited;
  }

  /** Whether the RPC answers within 10 s, before the process exits. */
  private async answers(exited: Promise<void>): Promise<boolean> {
    let gone = false;
    void exited.then(() => (gone = true));
    const deadline = Date.now() + 10_000;
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
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    return false;
  }
}
