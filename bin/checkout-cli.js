#!/usr/bin/env node
// `npx checkout-cli` runs this file by its path, so it must be executable: nest build recreates dist/
// without the bit, while git keeps it on this committed file, which loads the built CLI.
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const built = join(__dirname, '..', 'dist', 'src', 'cli', 'main.js');
if (!existsSync(built)) {
  process.stderr.write('checkout-cli is not built yet: run `npm run build` first.\n');
  process.exit(1);
}
require(built);
