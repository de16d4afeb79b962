import { readFileSync } from 'node:fs';

function isZombie(pid: number): boolean {
  try {
    // The state follows the parenthesised command name in /proc/<pid>/stat.
    return /\)\s+Z\s/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

/** Alive and not a zombie: an exited orphan may wait a while for its new parent to reap it. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  return !isZombie(pid);
}
