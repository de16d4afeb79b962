import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import { isAlive } from '../../common/process/is-alive';

/** Whether `pid` is an Anvil keeping its state in `stateFile` (judged from /proc where there is one). */
async function keepsState(pid: number, stateFile: string): Promise<boolean> {
  try {
    const commandLine = (await readFile(`/proc/${pid}/cmdline`, 'utf8')).split('\0');
    return commandLine.some((arg) => arg.endsWith('anvil')) && commandLine.includes(stateFile);
  } catch {
    return existsSync('/proc') ? false : isAlive(pid);
  }
}

/**
 * After a `kill -9` of the service the local chain it started keeps running and holds the port:
 * such an Anvil is ours to stop, with SIGTERM so that it writes its state first. A pid file whose
 * process is gone, or is now some other program, is stale and removed.
 */
export async function stopOrphanedAnvil(pidFile: string, stateFile: string, log: Logger, timeoutMs = 30_000): Promise<void> {
  if (!existsSync(pidFile)) return;
  const pid = Number.parseInt(await readFile(pidFile, 'utf8'), 10);
  if (Number.isInteger(pid) && pid > 0 && isAlive(pid) && (await keepsState(pid, stateFile))) {
    log.warn({ pid }, 'stopping a local chain (Anvil) left running by an earlier process');
    process.kill(pid, 'SIGTERM');
    const deadline = Date.now() + timeoutMs;
    while (isAlive(pid)) {
      if (Date.now() > deadline) throw new Error(`The orphaned local chain (Anvil, pid ${pid}) did not stop within ${timeoutMs} ms.`);
      await sleep(50);
    }
  }
  await rm(pidFile, { force: true });
}
