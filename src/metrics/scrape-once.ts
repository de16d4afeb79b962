/**
 * prom-client collects every metric of a scrape at once: gauges filled from one read share it,
 * so the read runs once per scrape and each gauge awaits it before it is reported.
 */
export function oncePerScrape(read: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  return () =>
    (running ??= read().finally(() => {
      running = undefined;
    }));
}
