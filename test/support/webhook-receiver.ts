import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  at: number;
}

/** What the receiver does with the next request: answer with a status, or never answer. */
export type Reply = number | 'hang' | { status: number; location: string };

/** A local HTTP server that records every webhook and answers from a script (then 200). */
export class WebhookReceiver {
  readonly received: Received[] = [];
  private readonly script: Reply[] = [];
  private server?: Server;

  static async start(): Promise<WebhookReceiver> {
    const receiver = new WebhookReceiver();
    receiver.server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      request.on('end', () => {
        receiver.received.push({ headers: request.headers, body, at: Date.now() });
        const reply = receiver.script.shift() ?? 200;
        if (reply === 'hang') return;
        if (typeof reply === 'object') {
          response.writeHead(reply.status, { Location: reply.location }).end();
          return;
        }
        response.writeHead(reply, { 'Content-Type': 'text/plain' }).end(`answered ${reply} ${'x'.repeat(2000)}`);
      });
    });
    await new Promise<void>((resolve) => receiver.server!.listen(0, '127.0.0.1', resolve));
    return receiver;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/hooks`;
  }

  /** The next requests get these replies, in order. */
  answer(...replies: Reply[]): void {
    this.script.push(...replies);
  }

  /** Resolves once `count` webhooks have arrived (or fails after `timeoutMs`). */
  async waitFor(count: number, timeoutMs = 10_000): Promise<Received[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.received.length < count) {
      if (Date.now() > deadline) throw new Error(`only ${this.received.length} of ${count} webhooks arrived`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    return this.received;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
