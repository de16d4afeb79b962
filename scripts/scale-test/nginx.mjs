// nginx (the Debian package) as a child of this script: its own prefix, temp folders, config and
// logs in a temporary folder, in the foreground, listening on loopback only.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nginxConf } from './nginx-conf.mjs';
import { waitForPort } from './wait.mjs';

const TEMP_FOLDERS = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'];

/** nginx's path (PATH, then Debian's /usr/sbin, off a non-root PATH), or an Error saying how to install it. */
export function findNginx() {
  const folders = [...(process.env.PATH ?? '').split(':').filter(Boolean), '/usr/sbin'];
  const path = folders.map((folder) => join(folder, 'nginx')).find((candidate) => existsSync(candidate));
  if (path) return path;
  return new Error('nginx is not installed: the scale test runs the Debian package (`apt-get install -y nginx`, as .ci/run does).');
}

/** Starts nginx on `port` in front of `upstreamPorts`; resolves with `{ stop(), log() }`. */
export async function startNginx(port, upstreamPorts) {
  const binary = findNginx();
  if (binary instanceof Error) throw binary;
  const prefix = await mkdtemp(join(tmpdir(), 'cc-scale-nginx-'));
  for (const folder of TEMP_FOLDERS) await mkdir(join(prefix, folder));
  const conf = join(prefix, 'nginx.conf');
  await writeFile(conf, nginxConf({ prefix, port, upstreamPorts, temp: Object.fromEntries(TEMP_FOLDERS.map((f) => [f, join(prefix, f)])) }));
  const errorLog = join(prefix, 'error.log');
  const child = spawn(binary, ['-p', prefix, '-c', conf, '-e', errorLog, '-g', 'daemon off;'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise((resolve) => child.on('exit', resolve));
  const log = async () => `${stderr}${await readFile(errorLog, 'utf8').catch(() => '')}`;
  try {
    await waitForPort(port, { timeoutMs: 10_000, gaveUp: exited });
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`nginx did not start (${error.message}):\n${await log()}`, { cause: error });
  }
  return {
    log,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGQUIT'); // graceful: finishes the requests it holds
        await exited;
      }
      if (process.env.SCALE_TEST_KEEP_NGINX) console.log(`nginx prefix kept: ${prefix}`);
      else await rm(prefix, { recursive: true, force: true });
    },
  };
}
