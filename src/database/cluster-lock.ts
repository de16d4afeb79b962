import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import { isAlive } from '../common/process/is-alive';

/** Whether `pid` is a postgres server for `clusterDir` (judged from /proc where there is one). */
async function servesCluster(pid: number, clusterDir: string): Promise<boolean> {
  try {
    const commandLine = await readFile(`/proc/${pid}/cmdline`, 'utf8');
    return commandLine.includes('postgres') && commandLine.includes(clusterDir);
  } catch {
    return existsSync('/proc') ? false : isAlive(pid);
  }
}

/**
 * Makes the cluster startable after a crash. After a `kill -9` of the service
 * the embedded server it started keeps running and holds the cluster's lock
 * file: such a server is ours to stop, with a fast shutdown (SIGINT) that
 * keeps the data consistent. A lock file whose process is gone — or is a
 * zombie nobody reaped, which PostgreSQL would mistake for a live server — is
 * stale and removed.
 */
export async function releaseClusterLock(clusterDir: string, log: Logger, timeoutMs = 30_000): Promise<void> {
  const lockFile = join(clusterDir, 'postmaster.pid');
  if (!existsSync(lockFile)) return;
  const pid = Number.parseInt((await readFile(lockFile, 'utf8')).split('\n')[0] ?? '', 10);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid) || !(await servesCluster(pid, clusterDir))) {
    log.warn({ pid }, 'removing the stale lock file of an embedded PostgreSQL server that is gone');
    await rm(lockFile, { force: true });
    return;
  }

  log.warn({ pid }, 'stopping an embedded PostgreSQL server left running by an earlier process');
  process.kill(pid, 'SIGINT');
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid)) {
    if (Date.now() > deadline) throw new Error(`The orphaned PostgreSQL server (pid ${pid}) did not stop within ${timeoutMs} ms.`);
    await sleep(100);
  }
}
