// The image's HEALTHCHECK: exits 0 when the service on this container answers the given path with 2xx.
// Node's fetch, because the slim image has neither curl nor wget.
const path = process.argv[2] ?? '/readyz';
const port = process.env.PORT ?? '3000';
try {
  const response = await fetch(`http://127.0.0.1:${port}${path}`, { signal: AbortSignal.timeout(2500) });
  process.exit(response.ok ? 0 : 1);
} catch {
  process.exit(1);
}
