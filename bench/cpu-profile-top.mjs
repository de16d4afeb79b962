// `node bench/cpu-profile-top.mjs <file.cpuprofile|dir> [--top N] [--requests N] [--callers REGEX]`: where a V8 CPU
// profile (`node --cpu-prof`) spent its time. Prints self time by function and by package/file, and
// inclusive time by package (each sample counted once per package on its stack: "time under pino").
// --callers REGEX: instead, the stacks (nine frames) through the first frame matching REGEX, by inclusive time.
// --diff OTHER: per-request self time of this profile less OTHER's, by package and by function.
// With --requests, also µs per request. bench/profile.mjs writes `<profile>.json` beside a profile
// (the load's requests and its time window), which is then used unless --requests is given.
import { readdirSync, readFileSync, existsSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** A location's package (`node_modules/<pkg>`), the project's own file (`src/…`), or the node/V8 category. */
export function ownerOf(url) {
  if (!url) return '(native)';
  const modules = url.lastIndexOf('node_modules/');
  if (modules >= 0) {
    const [first, second] = url.slice(modules + 'node_modules/'.length).split('/');
    return first.startsWith('@') ? `${first}/${second}` : first;
  }
  if (url.startsWith('node:')) return url;
  const dist = url.indexOf('/dist/');
  if (dist >= 0) return url.slice(dist + '/dist/'.length).replace(/^file:\/\//, '');
  return url.replace(/^file:\/\//, '');
}

const SPECIAL = new Set(['(idle)', '(program)', '(garbage collector)', '(root)']);

/** Self and inclusive times (µs) of one profile, by function and by owner; `window` ({ from, to }, µs of the monotonic clock) keeps the samples taken within it. */
export function analyse(profile, window, callersOf) {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const selfByFunction = new Map();
  const selfByOwner = new Map();
  const inclusiveByOwner = new Map();
  const callers = new Map();
  const label = (frame) => `${frame.functionName || '(anonymous)'} ${ownerOf(frame.url)}:${frame.lineNumber + 1}`;
  const add = (map, key, us) => map.set(key, (map.get(key) ?? 0) + us);
  let total = 0;
  let idle = 0;
  const stackOwners = new Map();
  const ownersOnStack = (id) => {
    let owners = stackOwners.get(id);
    if (owners) return owners;
    owners = new Set();
    for (let at = id; at !== undefined; at = parent.get(at)) {
      const frame = nodes.get(at).callFrame;
      if (!SPECIAL.has(frame.functionName)) owners.add(ownerOf(frame.url));
    }
    stackOwners.set(id, owners);
    return owners;
  };
  let at = profile.startTime;
  profile.samples.forEach((id, index) => {
    const us = profile.timeDeltas[index] ?? 0;
    at += us;
    if (window && (at < window.from || at > window.to)) return;
    const frame = nodes.get(id).callFrame;
    if (frame.functionName === '(idle)') {
      idle += us;
      return;
    }
    total += us;
    const owner = SPECIAL.has(frame.functionName) ? frame.functionName : ownerOf(frame.url);
    add(selfByFunction, `${frame.functionName || '(anonymous)'} ${owner}:${frame.lineNumber + 1}`, us);
    add(selfByOwner, owner, us);
    for (const onStack of ownersOnStack(id)) add(inclusiveByOwner, onStack, us);
    if (callersOf) {
      // The first frame on the stack that matches, and the eight frames that called it.
      let at = id;
      while (at !== undefined && !callersOf.test(label(nodes.get(at).callFrame))) at = parent.get(at);
      if (at === undefined) return;
      const stack = [];
      for (let depth = 0; at !== undefined && depth < 9; depth += 1, at = parent.get(at)) stack.push(label(nodes.get(at).callFrame));
      add(callers, stack.join(' < '), us);
    }
  });
  return { total, idle, selfByFunction, selfByOwner, inclusiveByOwner, callers };
}

function top(map, total, count, requests) {
  return [...map]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, us]) => ({ name, '% busy': Number(((100 * us) / total).toFixed(1)), ...(requests ? { 'µs/req': Number((us / requests).toFixed(1)) } : {}) }));
}

/** Prints the tables for one profile; `requests` (optional) turns times into µs per request. */
export function report(profile, { count = 25, requests, window, callersOf } = {}) {
  const { total, idle, selfByFunction, selfByOwner, inclusiveByOwner, callers } = analyse(profile, window, callersOf);
  if (callersOf) {
    console.log(`stacks through ${callersOf} (inclusive)`);
    for (const { name, ...row } of top(callers, total, count, requests)) console.log(JSON.stringify(row), name);
    return;
  }
  const perRequest = requests ? `, ${(total / requests).toFixed(0)} µs busy per request over ${requests} requests` : '';
  console.log(`busy ${(total / 1000).toFixed(0)} ms, idle ${(idle / 1000).toFixed(0)} ms${perRequest}`);
  console.log('self time by function');
  console.table(top(selfByFunction, total, count, requests));
  console.log('self time by package / file');
  console.table(top(selfByOwner, total, count, requests));
  console.log('inclusive time by package / file (a sample counts once for each package on its stack)');
  console.table(top(inclusiveByOwner, total, count, requests));
}

function profilesIn(path) {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .filter((name) => name.endsWith('.cpuprofile'))
    .map((name) => join(path, name));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const option = (name) => {
    const at = args.indexOf(name);
    return at >= 0 ? Number(args.splice(at, 2)[1]) : undefined;
  };
  const count = option('--top') ?? 25;
  const callersAt = args.indexOf('--callers');
  const callersOf = callersAt >= 0 ? new RegExp(args.splice(callersAt, 2)[1]) : undefined;
  const requestsArg = option('--requests');
  const diffAt = args.indexOf('--diff');
  const diffWith = diffAt >= 0 ? args.splice(diffAt, 2)[1] : undefined;
  if (diffWith) {
    // Per-request self time of one profile less another's (both written by bench/profile.mjs): what one route adds.
    const perRequest = (file) => {
      const load = JSON.parse(readFileSync(`${file}.json`, 'utf8'));
      const { selfByFunction, selfByOwner, total } = analyse(JSON.parse(readFileSync(file, 'utf8')), load.window);
      const scale = (map) => new Map([...map].map(([name, us]) => [name, us / load.requests]));
      return { byFunction: scale(selfByFunction), byOwner: scale(selfByOwner), total: total / load.requests, target: load.target };
    };
    const [a, b] = [perRequest(args[0]), perRequest(diffWith)];
    const difference = (x, y) =>
      [...new Set([...x.keys(), ...y.keys()])]
        .map((name) => ({ name, 'µs/req': Number(((x.get(name) ?? 0) - (y.get(name) ?? 0)).toFixed(1)) }))
        .sort((p, q) => Math.abs(q['µs/req']) - Math.abs(p['µs/req']))
        .slice(0, count);
    console.log(`${a.target} ${a.total.toFixed(0)} µs busy/req less ${b.target} ${b.total.toFixed(0)} µs busy/req: ${(a.total - b.total).toFixed(0)} µs`);
    console.table(difference(a.byOwner, b.byOwner));
    console.table(difference(a.byFunction, b.byFunction));
    process.exit(0);
  }
  if (args.length !== 1) {
    console.error('usage: node bench/cpu-profile-top.mjs <file.cpuprofile|dir> [--top N] [--requests N] [--callers REGEX]');
    process.exit(2);
  }
  for (const file of profilesIn(args[0])) {
    const load = existsSync(`${file}.json`) ? JSON.parse(readFileSync(`${file}.json`, 'utf8')) : {};
    console.log(`\n${file}${load.target ? ` (${load.target})` : ''}`);
    report(JSON.parse(readFileSync(file, 'utf8')), { count, requests: requestsArg ?? load.requests, window: requestsArg ? undefined : load.window, callersOf });
  }
}
