import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
  at: number;
}

export type Reply = (response: ServerResponse, request: Received) => void;

/** A local HTTP server that answers the n-th request with the n-th reply (the last one repeats). For SDK specs only. */
export class ScriptedServer {
  readonly received: Received[] = [];
  #server: Server | undefined;
  #replies: Reply[] = [];

  script(...replies: Reply[]): this {
    this.#replies = replies;
    this.received.length = 0;
    return this;
  }

  async start(): Promise<string> {
    this.#server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const received = { method: request.method ?? '', url: request.url ?? '', headers: request.headers, body: Buffer.concat(chunks).toString(), at: Date.now() };
        this.received.push(received);
        const reply = this.#replies[Math.min(this.received.length - 1, this.#replies.length - 1)]!;
        reply(response, received);
      });
    });
    await new Promise<void>((resolve) => this.#server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.#server!.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.#server?.closeAllConnections();
    await new Promise((resolve) => this.#server?.close(resolve));
  }
}

export const json =
  (status: number, body: unknown, headers: Record<string, string> = {}): Reply =>
  (response) => {
    response.writeHead(status, { 'Content-Type': 'application/json', 'Request-Id': 'req_test', ...headers });
    response.end(JSON.stringify(body));
  };

export const envelope = (status: number, type: string, code: string, headers: Record<string, string> = {}, extra: Record<string, string> = {}): Reply =>
  json(status, { error: { type, code, message: `${code} happened`, requestId: 'req_test', ...extra } }, headers);

/** Drops the connection without an answer: a network error for the client. */
export const hangUp: Reply = (response) => response.socket?.destroy();

/** Never answers (until the server stops): a timeout for the client. */
export const silence: Reply = () => undefined;

/** Answers with `reply` after `ms` milliseconds. */
export const after =
  (ms: number, reply: Reply): Reply =>
  (response, request) => {
    setTimeout(() => reply(response, request), ms);
  };
