import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  at: number;
}

/** What the receiver does with the next request: answer with a status (and a redirect or a body of its own), or never answer. */
export type Reply = number | 'hang' | { status: number; location: string } | { status: number; body: Buffer };

/** A local HTTP server that records every webhook and answers from a script (then 200). */
export class WebhookReceiver {
  readonly received: Received[] = [];
  private readonly script: Reply[] = [];
  private decide?: (webhook: Received, earlier: Received[]) => Reply | undefined;
  private server?: Server;

  static async start(): Promise<WebhookReceiver> {
    const receiver = new WebhookReceiver();
    receiver.server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      request.on('end', () => {
        const webhook = { headers: request.headers, body, at: Date.now() };
        const earlier = [...receiver.received];
        receiver.received.push(webhook);
        const reply = receiver.decide?.(webhook, earlier) ?? receiver.script.shift() ?? 200;
        if (reply === 'hang') return;
        if (typeof reply === 'object' && 'location' in reply) {
          response.writeHead(reply.status, { Location: reply.location }).end();
          return;
        }
        if (typeof reply === 'object') {
          response.writeHead(reply.status, { 'Content-Type': 'application/octet-stream' }).end(reply.body);
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

  /**
   * Decides the reply to each webhook (given the ones before it), ahead of the script; undefined
   * falls through to it. Lets a test answer its own event alone when other suites' events arrive too.
   */
  replyWith(decide: (webhook: Received, earlier: Received[]) => Reply | undefined): void {
    this.decide = decide;
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

/** The receivers one suite starts, stopped together when it ends. */
export class WebhookReceivers {
  private readonly started: WebhookReceiver[] = [];

  async start(): Promise<WebhookReceiver> {
    const receiver = await WebhookReceiver.start();
    this.started.push(receiver);
    return receiver;
  }

  async stopAll(): Promise<void> {
    await Promise.all(this.started.splice(0).map((receiver) => receiver.stop()));
  }
}
