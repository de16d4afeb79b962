// The local chain the three instances watch together: one Anvil (a block a second, as `npm start`'s
// local chain), provisioned with the deposit factory and the test tokens.
import { builtModule } from './built.mjs';
import { freePort } from '../../bench/harness.mjs';

export async function startChain() {
  const { AnvilProcess } = builtModule('chains/local-chain/anvil-process');
  const anvil = await AnvilProcess.start({ port: await freePort(), args: ['--block-time', '1'] });
  await builtModule('chains/local-chain/provision').provisionDevChain(anvil.rpcUrl, 'local');
  return anvil;
}
