import { ChildProcess, spawn } from 'node:child_process';
import { Redis } from 'ioredis';
import { freePort } from './free-port';

/** A throw-away `redis-server` child (no persistence), so a test can stop, freeze or kill it. */
export class RedisServerProcess {
  private child: ChildProcess;
  private exited: Promise<void>;

  private constructor(readonly port: number) {
    this.child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    this.exited = new Promise((resolve) => this.child.once('exit', () => resolve()));
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** Starts one (on `port`, or a free one) and resolves once it answers PING. */
  static async start(port?: number): Promise<RedisServerProcess> {
    const server = new RedisServerProcess(port ?? (await freePort()));
    const client = new Redis(server.url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    client.on('error', () => undefined);
    try {
      for (let attempt = 0; ; attempt++) {
        try {
          await client.connect();
          await client.ping();
          return server;
        } catch (error) {
          if (attempt >= 100) throw error;
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      }
    } finally {
      client.disconnect();
    }
  }

  /** The connections it has open (`CLIENT LIST`), the one asking excluded. */
  async clientCount(): Promise<number> {
    const client = new Redis(this.url);
    try {
      return String(await client.client('LIST')).trim().split('\n').length - 1;
    } finally {
      client.disconnect();
    }
  }

  signal(signal: NodeJS.Signals): void {
    this.child.kill(signal);
  }

  /** Kills it (SIGKILL: no goodbye to its clients) and waits for the exit. */
  async kill(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      this.child.kill('SIGCONT');
      this.child.kill('SIGKILL');
    }
    await this.exited;
  }
}
