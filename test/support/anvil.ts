import { AnvilProcess } from '../../src/chains/local-chain/anvil-process';
import { freePort } from './free-port';

/** A local Anvil chain (prague: EIP-1153 and EIP-6780) on a free loopback port, for one suite. */
export class Anvil {
  private constructor(private readonly process: AnvilProcess) {}

  get rpcUrl(): string {
    return this.process.rpcUrl;
  }

  static async start(extraArgs: string[] = []): Promise<Anvil> {
    // The port was free a moment ago; another process may take it first, so try again.
    for (let attempt = 1; ; attempt += 1) {
      try {
        return new Anvil(await AnvilProcess.start({ port: await freePort(), args: extraArgs }));
      } catch (error) {
        if (attempt === 3) throw error;
      }
    }
  }

  stop(): Promise<void> {
    return this.process.stop();
  }
}
