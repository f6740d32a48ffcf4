/**
 * Catalogue and merged-form benchmark (goals: loading the whole catalogue — every service file, the
 * data dictionary, every bundle checked against its members — < 100 ms; building the merged form of
 * the largest bundle < 100 ms). Prints figures; asserts nothing. Run: node tools/bench.mjs catalog
 */
const { loadCatalog } = await import('../../main/host/service-catalog.js');
const { buildMergedForm, paginate, groupTitle } = await import('../../contracts/bundle-form.js');

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
function summary(lat: number[]): string {
  lat.sort((x, y) => x - y);
  return `p50 ${pct(lat, 50).toFixed(1)} ms, p95 ${pct(lat, 95).toFixed(1)} ms, max ${lat.at(-1)!.toFixed(1)} ms`;
}

/** CPU time of this process in ms: on a machine shared with other work, wall time also counts the waits for a core. */
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const c0 = performance.now();
let catalog = loadCatalog();
const coldMs = performance.now() - c0;
const load: number[] = [];
const loadCpu: number[] = [];
for (let i = 0; i < 20; i++) {
  const a = performance.now();
  const c = cpuMs();
  catalog = loadCatalog();
  load.push(performance.now() - a);
  loadCpu.push(cpuMs() - c);
}
console.log(`catalogue load (${catalog.services.length} services, ${catalog.bundles.length} bundles): cold ${coldMs.toFixed(1)} ms; warm (20 runs) wall ${summary(load)}; CPU ${summary(loadCpu)}  (goal < 100 ms)`);

const largest = catalog.bundles.slice().sort((a, b) => b.members.length - a.members.length)[0];
if (!largest) {
  console.log('no bundles in the catalogue');
} else {
  const f0 = performance.now();
  let form = buildMergedForm(largest, catalog.services, { groups: catalog.fieldGroups });
  const firstMs = performance.now() - f0;
  const build: number[] = [];
  for (let i = 0; i < 50; i++) {
    const a = performance.now();
    form = buildMergedForm(largest, catalog.services, { groups: catalog.fieldGroups });
    paginate(form.fields, 3, (g) => groupTitle(form, catalog.fieldGroups, g));
    build.push(performance.now() - a);
  }
  console.log(`merged form of "${largest.id}" (${largest.members.length} members, ${form.fields.length} fields): first ${firstMs.toFixed(1)} ms; (50 runs, with paging) ${summary(build)}  (goal < 100 ms)`);
}
