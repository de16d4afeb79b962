import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

interface JsonRpcRequest {
  jsonrpc: '2.0';
  id: number | string;
  method: string;
  params?: unknown[];
}

interface JsonRpcResponse {
  jsonrpc: '2.0';
  id: number | string;
  result?: unknown;
  error?: { code: number; message: string; data?: unknown };
}

/** An eth_getLogs as the proxy saw it: its block span, and how many addresses it named in the `to` topic. */
export interface LogQuery {
  fromBlock: bigint;
  toBlock: bigint;
  recipients: number;
  /** The contracts whose logs it asks for, lower case. */
  addresses: string[];
  refused: boolean;
}

/** How the proxy answers an eth_getLogs wider than `blocks` blocks: with a provider's own error. */
export interface LogRangeLimit {
  blocks: number;
  error: { code: number; message: string };
}

/**
 * A JSON-RPC HTTP proxy in front of Anvil that counts what a client sends (HTTP requests, and
 * JSON-RPC requests by method, batches unpacked) and can play a provider's limits: eth_getLogs
 * wider than a set number of blocks is answered with that provider's error; everything else is
 * forwarded to Anvil unchanged.
 */
export class JsonRpcProxy {
  /** HTTP requests received. */
  httpRequests = 0;
  /** The method of each JSON-RPC request received, in order. */
  readonly methods: string[] = [];
  readonly logQueries: LogQuery[] = [];
  logRangeLimit: LogRangeLimit | undefined;

  private constructor(
    private readonly upstream: string,
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(upstream: string): Promise<JsonRpcProxy> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const proxy = new JsonRpcProxy(upstream, server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    server.on('request', (request: IncomingMessage, response: ServerResponse) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        proxy
          .answer(Buffer.concat(chunks).toString('utf8'))
          .then((body) => response.writeHead(200, { 'content-type': 'application/json' }).end(body))
          .catch((error: unknown) => response.writeHead(502, { 'content-type': 'text/plain' }).end(String(error)));
      });
    });
    return proxy;
  }

  /** Forgets the counts so far. */
  reset(): void {
    this.httpRequests = 0;
    this.methods.length = 0;
    this.logQueries.length = 0;
  }

  /** JSON-RPC requests received, all methods together. */
  get requests(): number {
    return this.methods.length;
  }

  count(method: string): number {
    return this.methods.filter((name) => name === method).length;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async answer(body: string): Promise<string> {
    this.httpRequests += 1;
    const parsed = JSON.parse(body) as JsonRpcRequest | JsonRpcRequest[];
    const requests = Array.isArray(parsed) ? parsed : [parsed];
    const refusals = new Map<JsonRpcRequest, JsonRpcResponse>();
    for (const request of requests) {
      this.methods.push(request.method);
      const refusal = request.method === 'eth_getLogs' ? this.inspectLogQuery(request) : undefined;
      if (refusal) refusals.set(request, refusal);
    }
    const forwarded = requests.filter((request) => !refusals.has(request));
    const answers = forwarded.length > 0 ? await this.forward(forwarded) : [];
    const byId = new Map(answers.map((answer) => [answer.id, answer]));
    const responses = requests.map((request) => refusals.get(request) ?? byId.get(request.id)!);
    return JSON.stringify(Array.isArray(parsed) ? responses : responses[0]);
  }

  private inspectLogQuery(request: JsonRpcRequest): JsonRpcResponse | undefined {
    const [filter] = request.params as [{ fromBlock: string; toBlock: string; address?: string | string[]; topics?: (string | string[] | null)[] }];
    const recipientTopic = filter.topics?.[2];
    const query: LogQuery = {
      fromBlock: BigInt(filter.fromBlock),
      toBlock: BigInt(filter.toBlock),
      recipients: recipientTopic == null ? 0 : Array.isArray(recipientTopic) ? recipientTopic.length : 1,
      addresses: [filter.address ?? []].flat().map((address) => address.toLowerCase()),
      refused: false,
    };
    this.logQueries.push(query);
    const limit = this.logRangeLimit;
    if (!limit || query.toBlock - query.fromBlock + 1n <= BigInt(limit.blocks)) return undefined;
    query.refused = true;
    return { jsonrpc: '2.0', id: request.id, error: limit.error };
  }

  private async forward(requests: JsonRpcRequest[]): Promise<JsonRpcResponse[]> {
    const response = await fetch(this.upstream, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(requests) });
    return (await response.json()) as JsonRpcResponse[];
  }
}
