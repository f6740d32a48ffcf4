// A node:test reporter that writes, at the end, one JSON line per test file with the time its
// top-level tests took, so tools/run-tests.mjs can name the slowest files on its last lines: where
// the suite's minutes go is then visible in every run, CI's included. (A file's process start-up,
// about a second with tsx, is not in the figure.)
export default async function* timingReporter(source) {
  const perFile = new Map();
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    const d = event.data;
    if (d.nesting !== 0 || !d.file || typeof d.details?.duration_ms !== 'number') continue;
    perFile.set(d.file, (perFile.get(d.file) ?? 0) + d.details.duration_ms);
  }
  for (const [file, ms] of perFile) yield `${JSON.stringify({ file, ms: Math.round(ms) })}\n`;
}
