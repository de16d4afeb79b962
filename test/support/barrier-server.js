// The built service with one test-only change: CustomersService.create stops at a barrier after its
// insert, with the request's transaction still open, and says so on stdout — so a test can SIGKILL
// the process mid-request. Run by test/idempotency-crash.e2e-spec.ts after `npm run build`.
const { NestFactory } = require('@nestjs/core');
const { AppModule } = require('../../dist/src/app.module');
const { configureApp } = require('../../dist/src/app.setup');
const { loadConfig } = require('../../dist/src/config/app-config');
const { CustomersService } = require('../../dist/src/customers/customers.service');

async function main() {
  const config = loadConfig();
  const app = await NestFactory.create(AppModule.forRoot({ config, databaseUrl: config.databaseUrl }), { bodyParser: false, logger: false });
  configureApp(app);
  const customers = app.get(CustomersService);
  const create = customers.create.bind(customers);
  customers.create = async (...args) => {
    const customer = await create(...args);
    process.stdout.write(`BARRIER ${customer.id}\n`);
    return new Promise(() => undefined);
  };
  await app.listen(config.port, '127.0.0.1');
  process.stdout.write('LISTENING\n');
}

main().catch((error) => {
  process.stderr.write(`${error.stack}\n`);
  process.exit(1);
});
