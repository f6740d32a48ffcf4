import { readdirSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { BundleDefinition } from '../../contracts/bundle-definition.js';
import { resolveFieldRefs, type FieldGroupDef } from '../../contracts/data-dictionary.js';
import { KioskError } from '../../contracts/errors.js';
import { formatIssuePath, ServiceDefinition } from '../../contracts/service-definition.js';
import { loadBundles } from './bundles/bundle-loader.js';
import { MAX_SERVICE_FILE_BYTES, parseBoundedYaml, readBounded } from './config/bounded-yaml.js';
import { loadDataDictionary } from './service-dictionary.js';
import { APP_ROOT } from './version.js';
import { workerBoot } from './worker-boot.js';

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

/** The catalog's service `id`, or `not-found`. */
export function serviceById(services: readonly ServiceDefinition[], id: string): ServiceDefinition {
  const s = services.find((x) => x.id === id);
  if (!s) throw new KioskError('not-found', `no service "${id}" in the catalog`);
  return s;
}

const MAX_LINES = 5;
/** More service files than a kiosk menu could ever show is a mistake (or an attack), not a catalog. */
export const MAX_SERVICE_FILES = 200;

/** A file's name as start-up errors show it: relative to the working directory when inside it. */
function shownPath(dir: string, file: string): string {
  const rel = relative(process.cwd(), join(dir, file));
  return rel && !rel.startsWith('..') ? rel : join(dir, file);
}

/** The whole catalogue: the services, the life-event bundles over them, and the dictionary's field groups. */
export interface Catalog {
  services: ServiceDefinition[];
  bundles: BundleDefinition[];
  fieldGroups: FieldGroupDef[];
}

function catalogError(problems: string[]): CatalogError {
  const more = problems.length > MAX_LINES ? [`… and ${problems.length - MAX_LINES} more problem(s)`] : [];
  return new CatalogError([...problems.slice(0, MAX_LINES).map((l) => `service catalog: ${l}`), ...more]);
}

/** The services of {@link loadCatalog}. */
export function loadServiceCatalog(dir: string = DEFAULT_SERVICES_DIR, onFile?: (file: string) => void): ServiceDefinition[] {
  return loadCatalog(dir, onFile).services;
}

/**
 * Load and validate every `*.yaml`, `*.yml` and `*.json` file in `dir` (one service per file, sorted
 * by file name), after replacing their references to the data dictionary (`dir/dictionary/`) by the
 * fields they name; then the bundles of `dir/bundles/` against those services. Throws
 * {@link CatalogError} listing at most five problems, each naming its file.
 */
export function loadCatalog(dir: string = DEFAULT_SERVICES_DIR, onFile?: (file: string) => void): Catalog {
  const shown = (file: string) => shownPath(dir, file);
  const dict = loadDataDictionary(dir, DEFAULT_SERVICES_DIR, shown);
  if ('problems' in dict) throw catalogError(dict.problems);
  const { dictionary } = dict;
  const files = readdirSync(dir)
    .filter((f) => /\.(ya?ml|json)$/i.test(f))
    .sort();
  if (files.length > MAX_SERVICE_FILES) throw new CatalogError([`service catalog: ${shown('')}: ${files.length} service files, over the limit of ${MAX_SERVICE_FILES}`]);
  const problems: string[] = [];
  const services: ServiceDefinition[] = [];
  const ids = new Map<string, string>();
  for (const file of files) {
    onFile?.(file);
    // Refused by size before a byte is parsed (a 50 MB description is not a service).
    const read = readBounded(join(dir, file), MAX_SERVICE_FILE_BYTES);
    if ('problem' in read) {
      problems.push(`${shown(file)}: ${read.problem}`);
      continue;
    }
    // JSON is valid YAML 1.2, so one parser with line/column errors serves both formats.
    const doc = parseBoundedYaml(read.text);
    if ('problem' in doc) {
      const e = doc.problem;
      problems.push(`${shown(file)}${e.line ? `:${e.line}:${e.col}` : ''}: ${e.code}: ${e.message}`);
      continue;
    }
    const resolved = resolveFieldRefs(doc.value, dictionary);
    if (resolved.problems.length) {
      for (const p of resolved.problems.slice(0, 3)) problems.push(`${shown(file)}: ${formatIssuePath(p.path)}: ${p.message}`);
      continue;
    }
    const parsed = ServiceDefinition.safeParse(resolved.value);
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
  if (problems.length) throw catalogError(problems);
  if (services.length === 0) throw new CatalogError([`service catalog: ${shown('')}: no service definitions (*.yaml, *.yml, *.json)`]);
  services.sort((a, b) => a.order - b.order || a.id.localeCompare(b.id));
  const bundles = loadBundles(dir, services, shown);
  if ('problems' in bundles) throw catalogError(bundles.problems);
  return { services, bundles: bundles.bundles, fieldGroups: dictionary.groups };
}

/** Options of {@link loadServiceCatalogChecked}. */
export interface CatalogCheckOptions {
  /** How long one policy rule may take to be tried against every combination of answers; default 5 s (the shipped ones take milliseconds). */
  ruleBudgetMs?: number;
  /** How long the whole catalog may take to load; default 60 s. */
  totalBudgetMs?: number;
}

type WorkerMessage =
  | { kind: 'file'; file: string }
  | { kind: 'rule'; ruleId: string }
  | { kind: 'done'; catalog: Catalog }
  | { kind: 'catalog-error'; lines: string[] }
  | { kind: 'error'; message: string };

/** The services of {@link loadCatalogChecked}. */
export async function loadServiceCatalogChecked(dir: string = DEFAULT_SERVICES_DIR, options: CatalogCheckOptions = {}): Promise<ServiceDefinition[]> {
  return (await loadCatalogChecked(dir, options)).services;
}

/**
 * {@link loadCatalog} in a worker thread with a time budget, as the host runs it at start-up.
 * CEL has no evaluation budget of its own and a short rule of nested comprehensions can run for hours,
 * so the worker reports each rule before trying it; one that takes longer than `ruleBudgetMs` stops
 * the worker and start-up, naming the file, the rule's path and its id.
 */
export function loadCatalogChecked(dir: string = DEFAULT_SERVICES_DIR, options: CatalogCheckOptions = {}): Promise<Catalog> {
  const ruleBudgetMs = options.ruleBudgetMs ?? 5000;
  const totalBudgetMs = options.totalBudgetMs ?? 60_000;
  const boot = workerBoot(import.meta.url, 'service-catalog-worker');
  return new Promise((resolve, reject) => {
    const worker = new Worker(boot, { eval: true, workerData: { dir } });
    let file = '';
    let rule: string | null = null;
    let settled = false;
    let ruleTimer: NodeJS.Timeout | undefined;
    const finish = (err: Error | null, catalog?: Catalog) => {
      if (settled) return;
      settled = true;
      clearTimeout(ruleTimer);
      clearTimeout(totalTimer);
      void worker.terminate();
      if (err) reject(err);
      else resolve(catalog!);
    };
    const tooCostly = (budget: number) => {
      const where = file ? shownPath(dir, file) : shownPath(dir, '');
      const what = rule ? `${rulePath(join(dir, file), rule)} ("${rule}")` : 'loading';
      finish(new CatalogError([`service catalog: ${where}: ${what}: too costly to evaluate (over ${budget} ms checking it against every answer); simplify the rule`]));
    };
    const totalTimer = setTimeout(() => tooCostly(totalBudgetMs), totalBudgetMs);
    worker.on('message', (m: WorkerMessage) => {
      if (m.kind === 'file') {
        file = m.file;
        rule = null;
        clearTimeout(ruleTimer);
      } else if (m.kind === 'rule') {
        rule = m.ruleId;
        clearTimeout(ruleTimer);
        ruleTimer = setTimeout(() => tooCostly(ruleBudgetMs), ruleBudgetMs);
      } else if (m.kind === 'done') finish(null, m.catalog);
      else if (m.kind === 'catalog-error') finish(new CatalogError(m.lines));
      else finish(new Error(m.message));
    });
    worker.on('error', (e: unknown) => finish(e instanceof Error ? e : new Error(String(e))));
    worker.on('exit', (code) => finish(new Error(`service catalog: the checking worker stopped (exit ${code})`)));
  });
}

/** `steps[i].rules[j]` of the rule `ruleId` in `file`, found again in the parsed text (bounded, already read once). */
function rulePath(file: string, ruleId: string): string {
  const read = readBounded(file, MAX_SERVICE_FILE_BYTES);
  if ('problem' in read) return `rule`;
  const doc = parseBoundedYaml(read.text);
  if ('problem' in doc) return 'rule';
  const steps = (doc.value as { steps?: unknown }).steps;
  if (!Array.isArray(steps)) return 'rule';
  for (const [i, st] of steps.entries()) {
    const rules = (st as { rules?: unknown } | null)?.rules;
    if (!Array.isArray(rules)) continue;
    const j = rules.findIndex((r) => (r as { id?: unknown } | null)?.id === ruleId);
    if (j >= 0) return formatIssuePath(['steps', i, 'rules', j]);
  }
  return 'rule';
}
