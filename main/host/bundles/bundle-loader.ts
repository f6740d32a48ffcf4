import { existsSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { BundleDefinition, bundleProblems } from '../../../contracts/bundle-definition.js';
import { formatIssuePath, type ServiceDefinition } from '../../../contracts/service-definition.js';
import { MAX_SERVICE_FILE_BYTES, parseBoundedYaml, readBounded } from '../config/bounded-yaml.js';

/** More bundles than a hall could ever offer is a mistake, not a catalogue (plans count about a hundred). */
export const MAX_BUNDLE_FILES = 200;

/**
 * Load the life-event bundles of `dir/bundles/` (one per file, the file name equal to its id) and
 * check each against the services already loaded. A services folder without `bundles/` has none.
 * Problems are lines naming the file and the path inside it, as the service loader's.
 */
export function loadBundles(dir: string, services: readonly ServiceDefinition[], shown: (file: string) => string): { bundles: BundleDefinition[] } | { problems: string[] } {
  const folder = join(dir, 'bundles');
  if (!existsSync(folder)) return { bundles: [] };
  const files = readdirSync(folder)
    .filter((f) => /\.(ya?ml|json)$/i.test(f))
    .sort();
  if (files.length > MAX_BUNDLE_FILES) return { problems: [`${shown('bundles')}: ${files.length} bundle files, over the limit of ${MAX_BUNDLE_FILES}`] };
  const byId = new Map(services.map((s) => [s.id, s]));
  const problems: string[] = [];
  const bundles: BundleDefinition[] = [];
  for (const file of files) {
    const name = shown(join('bundles', file));
    const read = readBounded(join(folder, file), MAX_SERVICE_FILE_BYTES);
    if ('problem' in read) {
      problems.push(`${name}: ${read.problem}`);
      continue;
    }
    const doc = parseBoundedYaml(read.text);
    if ('problem' in doc) {
      const e = doc.problem;
      problems.push(`${name}${e.line ? `:${e.line}:${e.col}` : ''}: ${e.code}: ${e.message}`);
      continue;
    }
    const parsed = BundleDefinition.safeParse(doc.value);
    if (!parsed.success) {
      for (const issue of parsed.error.issues.slice(0, 3)) problems.push(`${name}: ${formatIssuePath(issue.path)}: ${issue.message}`);
      continue;
    }
    const b = parsed.data;
    const stem = basename(file).replace(/\.(ya?ml|json)$/i, '');
    if (stem !== b.id) {
      problems.push(`${name}: id: "${b.id}" must match the file name "${stem}"`);
      continue;
    }
    // A bundle and a service share the home screen's search and the fleet's counts, so their ids differ too.
    if (byId.has(b.id)) {
      problems.push(`${name}: id: "${b.id}" is also a service's id`);
      continue;
    }
    const bad = bundleProblems(b, byId);
    if (bad.length) {
      for (const p of bad.slice(0, 3)) problems.push(`${name}: ${formatIssuePath(p.path)}: ${p.message}`);
      continue;
    }
    bundles.push(b);
  }
  if (problems.length) return { problems };
  return { bundles: bundles.sort((a, b) => a.order - b.order || a.id.localeCompare(b.id)) };
}
