import { ApiErrors } from '../../common/errors/api-errors';
import type { NetworkRegistry } from '../../chains/network-registry';
import { NETWORKS, type Network, type NetworkName } from '../../chains/networks';

/** The network a collecting request names, or the 400 naming `network` when this service does not watch it. */
export function enabledNetwork(registry: NetworkRegistry, name: NetworkName): Network {
  if (!registry.isEnabled(name)) throw ApiErrors.parameterInvalid('network', `Network ${name} is not enabled on this service.`);
  return NETWORKS[name];
}
