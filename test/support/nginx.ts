import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** nginx's path as the scale test finds it (PATH, then Debian's /usr/sbin), or undefined. */
export function findNginx(): string | undefined {
  const folders = [...(process.env.PATH ?? '').split(':').filter(Boolean), '/usr/sbin'];
  return folders.map((folder) => join(folder, 'nginx')).find((path) => existsSync(path));
}
