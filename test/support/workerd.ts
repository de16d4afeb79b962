import { ChildProcess, spawn } from 'node:child_process';
import { readdir, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { freePort } from './free-port';

const WORKERD = join(__dirname, '..', '..', 'node_modules', '.bin', 'workerd');

/** Every `.js` file under `dir`, as paths relative to it. */
async function modulesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile() && entry.name.endsWith('.js')).map((entry) => relative(dir, join(entry.parentPath, entry.name)));
}

/**
 * Cloudflare's Workers runtime (workerd, from npm) serving the ES module worker `dir/worker.js`
 * and every other module under `dir`, without the nodejs_compat flag: no `node:` modules, no
 * `process`, no `Buffer` — what Cloudflare Workers and other edge runtimes offer.
 */
export class Workerd {
  private constructor(
    readonly url: string,
    private readonly child: ChildProcess,
    readonly output: string[],
  ) {}

  static async start(dir: string, textBindings: Record<string, string> = {}, port?: number): Promise<Workerd> {
    port ??= await freePort();
    const modules = (await modulesUnder(dir)).sort((a, b) => (a === 'worker.js' ? -1 : b === 'worker.js' ? 1 : a.localeCompare(b)));
    const bindings = Object.entries(textBindings).map(([name, text]) => `(name = ${JSON.stringify(name)}, text = ${JSON.stringify(text)})`);
    await writeFile(
      join(dir, 'config.capnp'),
      `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [ (name = "main", worker = .worker) ],
  sockets = [ (name = "http", address = "127.0.0.1:${port}", http = (), service = "main") ],
);
const worker :Workerd.Worker = (
  modules = [ ${modules.map((name) => `(name = ${JSON.stringify(name)}, esModule = embed ${JSON.stringify(name)})`).join(',\n    ')} ],
  compatibilityDate = "2025-06-01",
  bindings = [ ${bindings.join(', ')} ],
);
`,
    );
    const output: string[] = [];
    const child = spawn(WORKERD, ['serve', join(dir, 'config.capnp')], { stdio: ['ignore', 'pipe', 'pipe'] });
    for (const stream of [child.stdout!, child.stderr!]) stream.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    const url = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 20_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`workerd exited:\n${output.join('')}`);
      if (await fetch(url, { method: 'HEAD' }).then(() => true, () => false)) return new Workerd(url, child, output);
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`workerd did not listen in time:\n${output.join('')}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGTERM');
    await exited;
  }
}
