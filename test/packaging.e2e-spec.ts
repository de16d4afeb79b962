import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ipaddr from 'ipaddr.js';
import { load, YAML11_SCHEMA } from 'js-yaml';
import { EnvironmentVariables } from '../src/config/environment';
import { argsOf, envOf, lineage, parseDockerfile, type Stage } from './support/dockerfile';

/**
 * The container packaging (README "Containers"), checked statically: no container engine runs on
 * the machines that run this. scripts/check-packaging.sh lints the Dockerfile and has Compose resolve
 * compose.yaml; scripts/check-image-stages.sh runs both stages' commands without one.
 */
const ROOT = join(__dirname, '..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

describe('Dockerfile', () => {
  const stages = parseDockerfile(read('Dockerfile'));
  const runtime = stages.at(-1)!;
  const runtimeLineage = lineage(stages, runtime);
  const all = (keyword: string, chain: Stage[] = runtimeLineage) => chain.flatMap((stage) => argsOf(stage, keyword));
  const copyFrom = all('COPY', [runtime]).map((args) => /^--from=(\S+) (\S+)/.exec(args)).filter((match) => match !== null);

  it('builds in one stage and runs from another that copies only the build output', () => {
    expect(copyFrom.map(([, , source]) => source)).toEqual(['/app/dist']);
    const build = stages.find((stage) => stage.name === copyFrom[0]![1])!;
    const buildRuns = all('RUN', lineage(stages, build));
    expect(buildRuns).toContain('npm ci');
    expect(buildRuns).toContain('npm run build');
    expect(all('RUN').some((run) => /npm run build|nest build/.test(run))).toBe(false);
  });

  it('starts from a pinned Node 20 slim image on glibc (Debian), not Alpine', () => {
    expect(runtimeLineage[0]!.from).toMatch(/^node:20\.\d+\.\d+-(bookworm|trixie)-slim$/);
    for (const stage of stages) expect(lineage(stages, stage)[0]!.from).toBe(runtimeLineage[0]!.from);
  });

  it('installs production dependencies only in the runtime stage', () => {
    const installs = all('RUN', [runtime]).filter((run) => /\bnpm (ci|install)\b/.test(run));
    expect(installs).toEqual([expect.stringMatching(/^npm ci --omit=dev\b/)]);
  });

  it('runs as a user that is not root', () => {
    const user = all('USER').at(-1);
    expect(user).toBeDefined();
    expect(user!.split(':')[0]).not.toMatch(/^(root|0)$/);
  });

  it('checks its health on /readyz with a script the image carries', () => {
    const [healthcheck] = all('HEALTHCHECK');
    const [command, script, path] = JSON.parse(/ CMD (\[.*\])$/.exec(healthcheck!)![1]!) as string[];
    expect([command, path]).toEqual(['node', '/readyz']);
    const workdir = `${all('WORKDIR').at(-1)}/`;
    expect(script).toMatch(new RegExp(`^${workdir}`));
    const copied = script!.slice(workdir.length);
    expect(existsSync(join(ROOT, copied))).toBe(true);
    expect(all('COPY', [runtime])).toContain(`${copied} ${copied}`);
  });

  it('stops on SIGTERM, exposes its PORT, keeps DATA_DIR in a volume and leaves the local chain off', () => {
    const env = new Map([...runtimeLineage].flatMap((stage) => [...envOf(stage)]));
    expect(all('STOPSIGNAL')).toEqual(['SIGTERM']);
    expect(all('EXPOSE')).toEqual([env.get('PORT')]);
    expect(all('VOLUME')).toEqual([`["${env.get('DATA_DIR')}"]`]);
    expect(env.get('LOCAL_CHAIN')).toBe('off');
  });

  it('sends the build context only what the stages copy: no node_modules, dist, .env or .git', () => {
    const ignore = read('.dockerignore')
      .split('\n')
      .filter((line) => line && !line.startsWith('#'));
    expect(ignore[0]).toBe('*');
    const included = ignore.filter((line) => line.startsWith('!')).map((line) => line.slice(1).replace(/\/$/, ''));
    const isIncluded = (path: string) => included.some((entry) => path === entry || path.startsWith(`${entry}/`));
    const sources = stages
      .flatMap((stage) => argsOf(stage, 'COPY'))
      .filter((args) => !args.startsWith('--from='))
      .flatMap((args) => args.split(' ').slice(0, -1));
    expect(sources.filter((source) => !isIncluded(source))).toEqual([]);
    for (const path of ['node_modules', 'dist', '.env', '.git', '.data']) expect(isIncluded(path)).toBe(false);
  });
});

interface ComposeService {
  build?: string;
  image?: string;
  environment?: Record<string, string>;
  networks?: string[] | Record<string, { ipv4_address?: string }>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  volumes?: string[];
  stop_grace_period?: string;
}
interface ComposeFile {
  services: Record<string, ComposeService>;
  networks: Record<string, { internal?: boolean; ipam?: { config: { subnet: string; ip_range?: string }[] } }>;
}

describe('compose.yaml', () => {
  // YAML 1.1: compose files use `<<` merge keys.
  const compose = load(read('compose.yaml'), { schema: YAML11_SCHEMA }) as ComposeFile;
  const { services } = compose;
  const instanceNames = Object.keys(services).filter((name) => services[name]!.build === '.');
  const instances = instanceNames.map((name) => services[name]!);

  it('runs two instances of the service with PostgreSQL, Redis and nginx', () => {
    expect(instanceNames).toHaveLength(2);
    expect(Object.keys(services).sort()).toEqual([...instanceNames, 'nginx', 'postgres', 'redis'].sort());
  });

  it('has both instances share one database, one Redis and one secret key, none of it written here', () => {
    const [first, second] = instances.map((instance) => instance.environment!);
    for (const variable of ['DATABASE_URL', 'REDIS_URL', 'WEBHOOK_SECRET_KEY', 'TRUST_PROXY']) expect(second![variable]).toBe(first![variable]);
    expect(new URL(first!.DATABASE_URL!.replace(/\$\{[^}]*\}/, 'secret')).hostname).toBe('postgres');
    expect(new URL(first!.REDIS_URL!).hostname).toBe('redis');
    expect(first!.WEBHOOK_SECRET_KEY).toMatch(/^\$\{WEBHOOK_SECRET_KEY:\?[^}]+\}$/);
    expect(first!.DATABASE_URL).toContain('${POSTGRES_PASSWORD:?');
    expect(services.postgres!.environment!.POSTGRES_PASSWORD).toMatch(/^\$\{POSTGRES_PASSWORD:\?[^}]+\}$/);
    expect(first!.LOCAL_CHAIN).toBe('off');
  });

  it("trusts X-Forwarded-For from nginx's own address only: not the network's gateway, never an instance's", () => {
    const trusted = instances[0]!.environment!.TRUST_PROXY!;
    const [edgeName, nginxOnEdge] = Object.entries(services.nginx!.networks as Record<string, { ipv4_address?: string }>)[0]!;
    expect(trusted).toBe(nginxOnEdge.ipv4_address);
    const [{ subnet, ip_range: instancesRange }] = compose.networks[edgeName]!.ipam!.config;
    const address = ipaddr.parse(trusted);
    expect(address.match(ipaddr.parseCIDR(subnet))).toBe(true);
    expect(address.match(ipaddr.parseCIDR(instancesRange!))).toBe(false);
    // Docker gives a network's first address to its gateway, where clients come from through its userland proxy.
    expect(trusted).not.toBe(subnet.replace(/\.0\/\d+$/, '.1'));
    for (const instance of instances) expect(instance.networks).toContain(edgeName);
  });

  it('starts each service once what it needs is healthy, and every such dependency has a healthcheck', () => {
    expect(services.nginx!.depends_on).toEqual(Object.fromEntries(instanceNames.map((name) => [name, { condition: 'service_healthy' }])));
    const needed = new Set(Object.values(services).flatMap((service) => Object.keys(service.depends_on ?? {})));
    for (const name of needed) expect(services[name]!.healthcheck).toBeDefined();
    for (const service of Object.values(services)) for (const { condition } of Object.values(service.depends_on ?? {})) expect(condition).toBe('service_healthy');
    for (const instance of instances) expect(instance.healthcheck!.test).toContain('/readyz');
  });

  it('gives an instance longer to stop than it takes to drain its requests', () => {
    const drainMs = new EnvironmentVariables().SHUTDOWN_TIMEOUT_MS;
    for (const instance of instances) expect(Number(/^(\d+)s$/.exec(instance.stop_grace_period!)![1]) * 1000).toBeGreaterThan(drainMs);
  });

  it("has nginx balance over both instances and pass the client's address on", () => {
    const mount = services.nginx!.volumes!.find((volume) => volume.endsWith(':/etc/nginx/nginx.conf:ro'))!;
    const conf = read(mount.split(':')[0]!);
    const port = parseDockerfile(read('Dockerfile')).at(-1)!.instructions.find((instruction) => instruction.keyword === 'EXPOSE')!.args;
    for (const instance of instances) expect(instance.environment!.PORT).toBe(port);
    const [, upstream, servers] = /upstream (\S+) \{([^}]*)\}/.exec(conf)!;
    expect([...servers!.matchAll(/^\s*server (\S+)/gm)].map(([, server]) => server)).toEqual(instanceNames.map((name) => `${name}:${port}`));
    expect(conf).toContain(`proxy_pass http://${upstream};`);
    expect(conf).toContain('proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;');
  });

  it("has nginx close idle upstream connections before an instance would (or its drain would)", () => {
    const mount = services.nginx!.volumes!.find((volume) => volume.endsWith(':/etc/nginx/nginx.conf:ro'))!;
    const [, upstream] = /upstream \S+ \{([^}]*)\}/.exec(read(mount.split(':')[0]!))!;
    // nginx's default here is 60 s: it must be set, in seconds.
    const timeoutMs = Number(/^\s*keepalive_timeout (\d+)s;/m.exec(upstream!)![1]) * 1000;
    const defaults = new EnvironmentVariables();
    expect(timeoutMs).toBeLessThan(defaults.KEEP_ALIVE_TIMEOUT_MS);
    expect(timeoutMs).toBeLessThan(defaults.SHUTDOWN_TIMEOUT_MS);
  });
});
