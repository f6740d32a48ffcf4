import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DataDictionary } from '../../contracts/data-dictionary.js';
import { formatIssuePath } from '../../contracts/service-definition.js';
import { MAX_SERVICE_FILE_BYTES, parseBoundedYaml, readBounded } from './config/bounded-yaml.js';

/** Where the dictionary lives inside a services folder (a subfolder: the service loader reads only files). */
export const DICTIONARY_FILE = join('dictionary', 'fields.yaml');

/**
 * The data dictionary for the services in `dir`: `dir/dictionary/fields.yaml`, or `fallbackDir`'s
 * (the shipped one) when `dir` has none, so a hall's own or a test's folder of services can still
 * refer to the shared fields. Problems are returned as lines naming the file and the path inside it.
 */
export function loadDataDictionary(dir: string, fallbackDir: string, shown: (file: string) => string): { dictionary: DataDictionary } | { problems: string[] } {
  const own = join(dir, DICTIONARY_FILE);
  const file = existsSync(own) ? own : join(fallbackDir, DICTIONARY_FILE);
  const name = file === own ? shown(DICTIONARY_FILE) : file;
  const read = readBounded(file, MAX_SERVICE_FILE_BYTES);
  if ('problem' in read) return { problems: [`${name}: ${read.problem}`] };
  const doc = parseBoundedYaml(read.text);
  if ('problem' in doc) {
    const e = doc.problem;
    return { problems: [`${name}${e.line ? `:${e.line}:${e.col}` : ''}: ${e.code}: ${e.message}`] };
  }
  const parsed = DataDictionary.safeParse(doc.value);
  if (!parsed.success) return { problems: parsed.error.issues.slice(0, 5).map((i) => `${name}: ${formatIssuePath(i.path)}: ${i.message}`) };
  return { dictionary: parsed.data };
}
