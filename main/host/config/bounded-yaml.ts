import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { CORE_SCHEMA, load } from 'js-yaml';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';

/**
 * Reading the kiosk's own YAML (config, service definitions) with bounds, because a file is input
 * like any other: too big is refused before a byte is parsed, aliases are capped (a "billion laughs"
 * file), and duplicate keys are found in one pass — the `yaml` package's own `uniqueKeys` check
 * compares every key with every other, so a large map of keys takes minutes.
 */

/** Largest config file accepted (a real one is a few KiB). */
export const MAX_CONFIG_BYTES = 256 * 1024;
/** Largest service definition file accepted (the biggest shipped one is under 16 KiB). */
export const MAX_SERVICE_FILE_BYTES = 256 * 1024;
/** Aliases expanded at most (YAML anchors are rare in these files). */
export const MAX_ALIAS_COUNT = 100;

/** The file's text, or a reason it was not read: missing, unreadable, or over `maxBytes`. */
export function readBounded(file: string, maxBytes: number): { text: string } | { problem: string } {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { problem: code === 'ENOENT' ? 'no such file' : (code ?? String(e)) };
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) return { problem: 'not a regular file' };
    if (st.size > maxBytes) return { problem: `${st.size} bytes, over the limit of ${maxBytes}` };
    // Sized to the file (a catalogue reads a hundred small files: a zeroed buffer of the limit for each
    // cost more than the parsing), one byte more to notice a file that grew after fstat; such a file
    // is read on, up to one byte past the limit, so it is still bounded.
    let buf = Buffer.allocUnsafe(st.size + 1);
    let n = 0;
    for (let got = -1; got !== 0 && n < buf.length; n += got) {
      got = readSync(fd, buf, n, buf.length - n, null);
      if (n + got === buf.length && buf.length < maxBytes + 1) buf = Buffer.concat([buf.subarray(0, n + got)], maxBytes + 1);
    }
    if (n > maxBytes) return { problem: `over the limit of ${maxBytes} bytes` };
    return { text: buf.subarray(0, n).toString('utf8') };
  } finally {
    closeSync(fd);
  }
}

/** A YAML problem with its 1-based position. */
export interface YamlProblem {
  line: number;
  col: number;
  code: string;
  message: string;
}

/**
 * Parse one YAML (or JSON) document to plain data, or say what is wrong and where. A plain file
 * (no anchor or alias) goes through js-yaml, about fifteen times faster, which matters for a
 * hall-sized catalogue read at every start; its core schema reads values as the `yaml` package's
 * core schema does (no dates, no merge keys). Anything it refuses (a duplicate key, a syntax error)
 * is parsed again by the `yaml` package, whose errors carry the line and column and which bounds
 * alias expansion.
 */
export function parseBoundedYaml(text: string): { value: unknown } | { problem: YamlProblem } {
  if (!/[&*]/.test(text)) {
    try {
      return { value: load(text, { schema: CORE_SCHEMA }) ?? null };
    } catch (e) {
      // Not an outage: the exact problem and its place are found by the full parse below.
      if (!(e instanceof Error)) throw e;
    }
  }
  return parseFully(text);
}

function parseFully(text: string): { value: unknown } | { problem: YamlProblem } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { uniqueKeys: false, lineCounter, prettyErrors: false });
  const pos = (offset: number | undefined) => (offset === undefined ? { line: 0, col: 0 } : lineCounter.linePos(offset));
  if (doc.errors.length) {
    const e = doc.errors[0]!;
    return { problem: { ...pos(e.pos[0]), code: e.code, message: e.message.split('\n')[0]! } };
  }
  const dup = duplicateKey(doc.contents);
  if (dup) return { problem: { ...pos(dup.offset), code: 'DUPLICATE_KEY', message: `Map keys must be unique ("${dup.key}")` } };
  try {
    return { value: doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) };
  } catch (e) {
    return { problem: { line: 0, col: 0, code: 'ALIAS_LIMIT', message: e instanceof Error ? e.message.split('\n')[0]! : String(e) } };
  }
}

/** The first key that appears twice in one map, in one walk over the tree (each map keeps a Set). */
function duplicateKey(root: unknown): { key: string; offset: number | undefined } | null {
  const stack: unknown[] = [root];
  while (stack.length) {
    const node = stack.pop();
    if (isMap(node)) {
      const seen = new Set<string>();
      for (const pair of node.items) {
        const k = pair.key;
        const name = isScalar(k) ? String(k.value) : JSON.stringify(String(k));
        if (seen.has(name)) return { key: name.length > 40 ? `${name.slice(0, 37)}...` : name, offset: (k as Node | null)?.range?.[0] };
        seen.add(name);
        stack.push(pair.value);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) stack.push(item);
    }
  }
  return null;
}
