// A node:test reporter that writes one JSON line per test or suite that did not run (skip or todo)
// and, at the end, the counts. tools/run-tests.mjs reads the file after the run to name what did not
// run on the last lines, to fail the run under CI=true, and to close with "N passed, N failed".
export default async function* skipReporter(source) {
  const counts = { kind: 'counts', passed: 0, failed: 0, skipped: 0 };
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    const d = event.data;
    const suite = d.details?.type === 'suite';
    if (d.skip !== undefined || d.todo !== undefined) {
      if (!suite) counts.skipped++;
      const reason = typeof d.skip === 'string' ? d.skip : typeof d.todo === 'string' ? d.todo : '(no reason given)';
      yield `${JSON.stringify({ kind: d.skip !== undefined ? 'skip' : 'todo', name: d.name, file: d.file ?? null, reason })}\n`;
    } else if (!suite) counts[event.type === 'test:pass' ? 'passed' : 'failed']++;
  }
  yield `${JSON.stringify(counts)}\n`;
}
