// Takes a leader lock — database URL, lock name and instance id given as JSON in argv[2] — prints HELD once it
// holds it, and keeps it until the process is killed. Run by test/leader-lock.e2e-spec.ts after `npm run build`.
const { setTimeout: sleep } = require('node:timers/promises');
const { LeaderLock } = require('../../dist/src/database/leader-lock');

const silent = { info() {}, warn() {}, error() {} };

async function main() {
  const { database, name, instanceId } = JSON.parse(process.argv[2]);
  const lock = new LeaderLock({ database, name, instanceId, logger: silent });
  while (!(await lock.tryAcquire())) await sleep(100);
  process.stdout.write('HELD\n');
}

main().catch((error) => {
  process.stderr.write(`${error.stack}\n`);
  process.exit(1);
});
