// The merchant's webhook receiver on loopback: records each delivery's `webhook-id` (the event id).
import { createServer } from 'node:http';

export async function startReceiver() {
  const received = new Map(); // event id → deliveries received
  const server = createServer((request, response) => {
    request.resume().on('end', () => {
      const id = request.headers['webhook-id'];
      received.set(id, (received.get(id) ?? 0) + 1);
      response.writeHead(200).end();
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}/hooks`,
    received,
    stop: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}
