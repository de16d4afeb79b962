// The merchant's webhook receiver on loopback: records when each delivery of each `webhook-id` (the event id) arrived.
import { createServer } from 'node:http';

export async function startReceiver() {
  const received = new Map(); // event id → arrival times (ms) of its deliveries
  const server = createServer((request, response) => {
    request.resume().on('end', () => {
      const id = request.headers['webhook-id'];
      received.set(id, [...(received.get(id) ?? []), Date.now()]);
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
