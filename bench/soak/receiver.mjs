// The soak's webhook receiver: answers 204 and records, per delivery, the lag from the event's
// createdAt (stamped in the event's transaction) to its arrival here. Duplicates (delivery is at
// least once) are counted by `webhook-id`, not recorded twice.
import { createServer } from 'node:http';

export async function startReceiver() {
  const seen = new Set();
  let lags = [];
  let duplicates = 0;
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const at = Date.now();
      res.writeHead(204).end();
      const id = req.headers['webhook-id'];
      if (seen.has(id)) return void duplicates++;
      seen.add(id);
      lags.push(at - Date.parse(JSON.parse(body).createdAt));
    });
  });
  // Keep-alive sockets from the server's sender must not hold close() up at the end.
  server.keepAliveTimeout = 1_000;
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}/hooks`,
    /** Lags (ms) of the first arrivals since the last call. */
    take() {
      const taken = lags;
      lags = [];
      return taken;
    },
    get received() {
      return seen.size;
    },
    get duplicates() {
      return duplicates;
    },
    close: () => new Promise((resolve) => server.close(resolve).closeAllConnections()),
  };
}
