/**
 * An environment variable where the runtime has Node's `process` (Node, Bun, Deno), else
 * undefined (Cloudflare Workers, browsers). Deno without `--allow-env` refuses the read: that is
 * "not set" too, so a client constructed with explicit options never needs the permission.
 */
export function readEnv(name: string): string | undefined {
  const runtime = globalThis as { process?: { env?: Record<string, string | undefined> } };
  try {
    return runtime.process?.env?.[name];
  } catch {
    return undefined;
  }
}
