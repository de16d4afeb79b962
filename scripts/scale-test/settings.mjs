// How big each run is: the full `npm run scale-test`, or `--short` for the suite in `npm test`.
export const INSTANCES = 3;

export const FULL = {
  name: 'full',
  loadWorkers: 12,
  // Each worker's pause between requests: none in the full run (as much load as the machine takes).
  thinkMs: 0,
  loadSeconds: 24,
  rateLimit: 20,
  rateLimitSeconds: 4,
  rateLimitWorkers: 12,
  idempotentCopies: 30,
  revocationProbes: 9,
  // Between one instance being ready again and the next SIGTERM: longer than nginx's fail_timeout
  // (1 s), as a rolling restart lets the balancer take an instance back before stopping the next.
  rollingPauseMs: 1500,
};

export const SHORT = {
  name: 'short',
  loadWorkers: 2,
  // Light load, so that the restarts are not slowed by it where other suites share the cores.
  thinkMs: 20,
  loadSeconds: 8,
  rateLimit: 10,
  rateLimitSeconds: 2,
  rateLimitWorkers: 6,
  idempotentCopies: 9,
  revocationProbes: 6,
  rollingPauseMs: 1500,
};
