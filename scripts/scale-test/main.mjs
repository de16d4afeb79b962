// `npm run scale-test` (full) or `node scripts/scale-test/main.mjs --short [--json FILE]` (the suite in
// npm test): runs the scenario, prints the table, writes the results as JSON if asked, exits 1 on
// any failed property.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { printReport } from './report.mjs';
import { runScenario } from './scenario.mjs';
import { FULL, SHORT } from './settings.mjs';

const { values } = parseArgs({ options: { short: { type: 'boolean' }, json: { type: 'string' } } });
const settings = values.short ? SHORT : FULL;
const started = Date.now();
const log = (line) => console.log(`[scale-test ${((Date.now() - started) / 1000).toFixed(1)}s] ${line}`);

try {
  const results = await runScenario(settings, log);
  printReport(results);
  if (values.json) writeFileSync(values.json, JSON.stringify(results, null, 2));
  log('done');
  process.exitCode = results.every((r) => r.pass) ? 0 : 1;
} catch (error) {
  if (error.partialResults?.length) printReport(error.partialResults);
  console.error(`scale test could not run: ${error.message}`);
  if (error.instanceOutput) console.error(error.instanceOutput);
  if (error.nginxLog) console.error(`--- nginx\n${error.nginxLog}`);
  if (values.json) writeFileSync(values.json, JSON.stringify({ error: error.message }));
  process.exitCode = 1;
}
