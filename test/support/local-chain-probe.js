// Starts the built local chain — data folder and port given as JSON in argv[2] — prints READY once it
// is provisioned, and then waits to be killed. Run by test/local-chain.e2e-spec.ts after `npm run build`.
const { setInterval } = require('node:timers');
const pino = require('pino');
const { startLocalChain } = require('../../dist/src/chains/local-chain/local-chain');

async function main() {
  const { dataDir, port } = JSON.parse(process.argv[2]);
  await startLocalChain({ dataDir, port, logger: pino({ level: 'warn' }) });
  process.stdout.write('READY\n');
  setInterval(() => undefined, 60_000);
}

main().catch((error) => {
  process.stderr.write(`${error.stack}\n`);
  process.exit(1);
});
