import { readdirSync, readFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { parseDocument } from 'yaml';
import { formatIssuePath, ServiceDefinition } from '../../contracts/service-definition.js';
import { APP_ROOT } from './version.js';

/** The catalog shipped with the app; `KIOSK_SERVICES_DIR` points elsewhere (tests, a hall's own set). */
export const DEFAULT_SERVICES_DIR = join(APP_ROOT, 'services');

/**
 * A broken service definition: stops start-up. `lines` name the file and the path inside it, e.g.
 * `services/household-proof.yaml: steps[2].fields[0].kind: Invalid option: expected one of …`.
 */
export class CatalogError extends Error {
  constructor(readonly lines: string[]) {
    super(lines.join('\n'));
    this.name = 'CatalogError';
  }
}

const MAX_LINES = 5;

/**
 * Load and validate every `*.yaml`, `*.yml` and `*.json` file in `dir` (one service per file, sorted
 * by file name). Throws {@link CatalogError} listing at most five problems, each naming its file.
 */
export function loadServiceCatalog(dir: string = DEFAULT_SERVICES_DIR): ServiceDefinition[] {
  const shown = (file: string) => {
    const rel = relative(process.cwd(), join(dir, file));
    return rel && !rel.startsWith('..') ? rel : join(dir, file);
  };
  const files = readdirSync(dir)
    .filter((f) => /\.(ya?ml|json)$/i.test(f))
    .sort();
  const problems: string[] = [];
  const services: ServiceDefinition[] = [];
  const ids = new Map<string, string>();
  for (const file of files) {
    const text = readFileSync(join(dir, file), 'utf8');
    // JSON is valid YAML 1.2, so one parser with line/column errors serves both formats.
    const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
    if (doc.errors.length) {
      const e = doc.errors[0]!;
      const pos = e.linePos?.[0];
      problems.push(`${shown(file)}${pos ? `:${pos.line}:${pos.col}` : ''}: ${e.code}: ${e.message.split('\n')[0]}`);
      continue;
    }
    const parsed = ServiceDefinition.safeParse(doc.toJS());
    if (!parsed.success) {
      for (const issue of parsed.error.issues.slice(0, 3)) problems.push(`${shown(file)}: ${formatIssuePath(issue.path)}: ${issue.message}`);
      continue;
    }
    const def = parsed.data;
    const stem = basename(file).replace(/\.(ya?ml|json)$/i, '');
    if (stem !== def.id) {
      problems.push(`${shown(file)}: id: "${def.id}" must match the file name "${stem}"`);
      continue;
    }
    const other = ids.get(def.id);
    if (other) {
      problems.push(`${shown(file)}: id: "${def.id}" is also defined in ${shown(other)}`);
      continue;
    }
    ids.set(def.id, file);
    services.push(def);
  }
  if (problems.length) {
    const more = problems.length > MAX_LINES ? [`… and ${problems.length - MAX_LINES} more problem(s)`] : [];
    throw new CatalogError([...problems.slice(0, MAX_LINES).map((l) => `service catalog: ${l}`), ...more]);
  }
  if (services.length === 0) throw new CatalogError([`service catalog: ${shown('')}: no service definitions (*.yaml, *.yml, *.json)`]);
  return services.sort((a, b) => a.order - b.order || a.id.localeCompare(b.id));
}
