/** Polls `check` until it holds; throws once `timeoutMs` has passed without it. */
export async function waitUntil(check: () => boolean | Promise<boolean>, { timeoutMs = 10_000, intervalMs = 50 } = {}): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
