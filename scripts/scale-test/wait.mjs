import { connect } from 'node:net';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
export { sleep };

/** Resolves once `check()` is truthy; rejects after `timeoutMs` with `what` in the message. */
export async function waitUntil(check, { timeoutMs = 20_000, intervalMs = 100, what = 'condition', rethrow = () => false } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    // A failed check is a "not yet", unless `rethrow()` says it is final.
    const value = await check().catch((error) => {
      if (rethrow()) throw error;
      return undefined;
    });
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(intervalMs);
  }
}

const accepts = (port) =>
  new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.on('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });

/** Resolves once something accepts on `port`; rejects if `gaveUp` settles first or after `timeoutMs`. */
export async function waitForPort(port, { timeoutMs, gaveUp }) {
  let exited = false;
  gaveUp?.then(() => (exited = true));
  const deadline = Date.now() + timeoutMs;
  while (!(await accepts(port))) {
    if (exited) throw new Error('the process exited');
    if (Date.now() > deadline) throw new Error(`nothing accepted on port ${port} within ${timeoutMs} ms`);
    await sleep(50);
  }
}
