import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Logger } from 'pino';
import { NETWORKS } from '../networks';
import { AnvilProcess } from './anvil-process';
import { faucetAccount } from './dev-accounts';
import { LOCAL_TOKENS } from './local-tokens';
import { stopOrphanedAnvil } from './orphaned-anvil';
import { provisionDevChain } from './provision';

export interface LocalChainOptions {
  /** The service's DATA_DIR: the chain keeps its files in `local-chain/` there. */
  dataDir: string;
  port: number;
  logger: Logger;
}

export interface LocalChain {
  rpcUrl: string;
  /** Stops Anvil, which writes its state on the way out. */
  stop(): Promise<void>;
}

const { chainId: LOCAL_CHAIN_ID, blockTimeMs: LOCAL_BLOCK_TIME_MS } = NETWORKS.local;

/**
 * Seconds between state writes while running: what a crash of Anvil itself can lose. A stop writes
 * the state too, and a `kill -9` of the service leaves Anvil running (stopped at the next start).
 */
const STATE_INTERVAL_SECONDS = 5;

/**
 * Starts the embedded dev chain (DESIGN.md §13): Anvil on 127.0.0.1:`port` with the `local`
 * network's chain id and a block a second, its state loaded from and saved to
 * `DATA_DIR/local-chain/state.json`, then provisioned (factory, test tokens, funded faucet).
 * An Anvil left running by a killed predecessor is stopped first.
 */
export async function startLocalChain(options: LocalChainOptions): Promise<LocalChain> {
  const dir = join(resolve(options.dataDir), 'local-chain');
  const stateFile = join(dir, 'state.json');
  const pidFile = join(dir, 'anvil.pid');
  const log = options.logger.child({ component: 'local-chain' });
  await mkdir(dir, { recursive: true });
  await stopOrphanedAnvil(pidFile, stateFile, log);

  const anvil = await startAnvil(options.port, stateFile, log);
  await writeFile(pidFile, `${anvil.pid}\n`);
  const stop = async () => {
    await anvil.stop();
    await rm(pidFile, { force: true });
  };
  try {
    await provisionDevChain(anvil.rpcUrl, 'local');
  } catch (error) {
    await stop();
    throw error;
  }
  const tokens = Object.fromEntries(LOCAL_TOKENS.map((token) => [token.currency, token.address]));
  log.info({ rpcUrl: anvil.rpcUrl, chainId: LOCAL_CHAIN_ID, tokens, faucet: faucetAccount.address }, `local chain is ready on ${anvil.rpcUrl}`);
  return { rpcUrl: anvil.rpcUrl, stop };
}

async function startAnvil(port: number, stateFile: string, log: Logger): Promise<AnvilProcess> {
  const start = () =>
    AnvilProcess.start({
      port,
      args: ['--chain-id', String(LOCAL_CHAIN_ID), '--block-time', String(LOCAL_BLOCK_TIME_MS / 1000), '--state', stateFile, '--state-interval', String(STATE_INTERVAL_SECONDS)],
      detached: true,
    });
  try {
    return await start();
  } catch (error) {
    // Anvil rewrites the file in place, so a crash of Anvil itself mid-write can leave it cut
    // short; it then refuses to start, naming the file. A dev chain starts over instead.
    if (!(error instanceof Error && error.message.includes(stateFile))) throw error;
    const setAside = `${stateFile}.unreadable-${Date.now()}`;
    await rename(stateFile, setAside);
    log.warn({ setAside }, 'the local chain could not load its saved state: the file was set aside and a new chain starts');
    return start();
  }
}
