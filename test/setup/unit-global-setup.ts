import { probeRedis } from './redis-probe';

export default async function unitGlobalSetup(): Promise<void> {
  await probeRedis();
}
