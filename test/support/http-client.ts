import { request } from 'node:http';

export interface Reply {
  status: number;
  body: string;
}

/** One request on a fresh connection (no keep-alive), so refusals show as errors. */
export function get(port: number, path: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/**
 * A POST whose JSON body arrives in two halves, `pauseMs` apart (or never,
 * for `pauseMs: Infinity`): a request that is in flight for that long.
 */
export function slowPost(port: number, path: string, pauseMs: number): { reply: Promise<Reply>; headersSent: Promise<void> } {
  const body = JSON.stringify({ note: 'x'.repeat(64) });
  let sent!: () => void;
  const headersSent = new Promise<void>((resolve) => (sent = resolve));
  const reply = new Promise<Reply>((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path, method: 'POST', agent: false, headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    req.write(body.slice(0, 10), () => sent());
    if (Number.isFinite(pauseMs)) setTimeout(() => req.end(body.slice(10)), pauseMs);
  });
  return { reply, headersSent };
}
