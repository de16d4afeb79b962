import { formatUnits } from 'viem';

export const SIMULATIONS = ['exact', 'under', 'over'] as const;
export type Simulation = (typeof SIMULATIONS)[number];

export function isSimulation(value: unknown): value is Simulation {
  return (SIMULATIONS as readonly unknown[]).includes(value);
}

/**
 * What a test-mode "simulate payment" button sends, as the test helper's `amount`: nothing for
 * the exact amount (the helper sends what is due), half of it for too little, one and a half
 * times it for too much. Computed in base units, so never a fraction the token cannot hold.
 */
export function simulatedAmount(simulation: Simulation, dueBaseUnits: bigint, decimals: number): string | undefined {
  if (simulation === 'exact' || dueBaseUnits === 0n) return undefined;
  const half = dueBaseUnits / 2n > 0n ? dueBaseUnits / 2n : 1n;
  return formatUnits(simulation === 'under' ? half : dueBaseUnits + half, decimals);
}
