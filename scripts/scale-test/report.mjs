// The summary table: one row per property, PASS or FAIL, with its figures.
export function printReport(results, print = console.log) {
  const width = Math.max(...results.map((r) => r.property.length));
  print('');
  print(`${'property'.padEnd(width)}  result  figures`);
  print(`${'-'.repeat(width)}  ------  -------`);
  for (const r of results) print(`${r.property.padEnd(width)}  ${r.pass ? 'PASS  ' : 'FAIL  '}  ${r.figures}`);
  const failed = results.filter((r) => !r.pass).length;
  print('');
  print(failed === 0 ? `all ${results.length} properties hold` : `${failed} of ${results.length} properties FAILED`);
}
