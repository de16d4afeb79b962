// A JSON-RPC HTTP proxy in front of Anvil for the payments benchmark: each request body goes to
// Anvil unchanged; HTTP requests and JSON-RPC requests by method (batches unpacked) are counted.
// The methods are picked out with a regular expression rather than by parsing the body: a block
// with 10,000 watched addresses sends hundreds of kB of balance-read calldata, and the proxy should not
// slow the watcher it measures.
import { Buffer } from 'node:buffer';
import { createServer } from 'node:http';

const METHOD = /"method":"([^"]+)"/g;

export async function startRpcCounter(upstream) {
  const counter = {
    url: '',
    http: 0,
    methods: new Map(),
    /** When each method was first asked for since the last reset (ms since the epoch). */
    firstAsked: new Map(),
    reset() {
      this.http = 0;
      this.methods.clear();
      this.firstAsked.clear();
    },
    get requests() {
      let total = 0;
      for (const count of this.methods.values()) total += count;
      return total;
    },
    count(method) {
      return this.methods.get(method) ?? 0;
    },
  };
  const server = createServer((request, response) => {
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', async () => {
      const body = Buffer.concat(chunks);
      const now = Date.now();
      counter.http += 1;
      for (const [, method] of body.toString('latin1').matchAll(METHOD)) {
        counter.methods.set(method, counter.count(method) + 1);
        if (!counter.firstAsked.has(method)) counter.firstAsked.set(method, now);
      }
      try {
        const answer = await fetch(upstream, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
        response.writeHead(answer.status, { 'content-type': 'application/json' }).end(Buffer.from(await answer.arrayBuffer()));
      } catch (error) {
        response.writeHead(502, { 'content-type': 'text/plain' }).end(String(error));
      }
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  counter.url = `http://127.0.0.1:${server.address().port}`;
  counter.stop = () => {
    server.closeAllConnections();
    return new Promise((resolve) => server.close(resolve));
  };
  return counter;
}
