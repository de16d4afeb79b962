import { textTable } from './text-table';

describe('textTable', () => {
  it('pads each column to its widest cell, header included, with no trailing spaces', () => {
    expect(textTable(['Mode', 'Currency', 'Waiting'], [['test', 'USDC', '12.5'], ['live', 'ETH', '0']])).toEqual([
      'Mode  Currency  Waiting',
      'test  USDC      12.5',
      'live  ETH       0',
    ]);
  });
});
