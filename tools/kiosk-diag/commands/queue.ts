import { chmodSync, copyFileSync, existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { KioskError } from '../../../contracts/errors.js';
import { DEMO_CARDS } from '../../../drivers/sim/demo-cards.js';
import {
  checkOutboxFile,
  CIPHER_NAMES,
  createPayloadSealer,
  keyFingerprint,
  DEFAULT_OUTBOX_FILE,
  salvageOutbox,
  createFileKeyStore,
  createSyncWorker,
  defaultKeyFilePath,
  openOutbox,
  readOutboxStatus,
  type BodyOpener,
  type CipherName,
  type Outbox,
} from '../../../offline-queue/index.js';
import { Exit, UsageError, parse, type CommandContext, positiveInt as parsePositiveInt } from '../cli.js';

/**
 * `kiosk-diag queue load | sync | status | salvage` (docs/protocol.md §3).
 *
 * The outbox key is read from (or created at) `<DIR>.outbox-key`, the sibling of the data directory
 * (`KIOSK_OUTBOX_KEY_FILE` or `--key-file` override), so `load` and `sync` on one `--data` agree.
 * `status` needs no key; it runs `PRAGMA quick_check` first and exits 4 on a damaged file.
 * `salvage` copies every readable row of a damaged outbox into a fresh one (ids, states and sealed
 * bodies kept, so each id is still sent exactly once): with `--out DIR2` into DIR2 (the key is copied
 * beside it), without it in place — the damaged files are renamed aside untouched
 * (`outbox.damaged-<time>.sqlite`) and the fresh outbox takes the name `outbox.sqlite`.
 */
const USAGE = `usage: kiosk-diag queue load --data DIR --count N [--service ID] [--kiosk-id ID] [--cipher aes-256-gcm|sm4-gcm] [--key-file F]
       kiosk-diag queue sync --data DIR --url URL [--token T] [--until-empty] [--timeout MS] [--concurrency N] [--key-file F]
       kiosk-diag queue status --data DIR [--key-file F] [--json]
       kiosk-diag queue salvage --data DIR [--out DIR2] [--key-file F] [--json]`;

const OPTIONS = {
  data: { type: 'string' },
  count: { type: 'string' },
  service: { type: 'string' },
  'kiosk-id': { type: 'string' },
  cipher: { type: 'string' },
  'key-file': { type: 'string' },
  url: { type: 'string' },
  token: { type: 'string' },
  'until-empty': { type: 'boolean' },
  timeout: { type: 'string' },
  concurrency: { type: 'string' },
  out: { type: 'string' },
} as const;

type Values = ReturnType<typeof parse<typeof OPTIONS>>['values'];

export async function run(ctx: CommandContext): Promise<number> {
  const { values, positionals } = parse(ctx.argv, OPTIONS);
  const sub = positionals[0];
  if (positionals.length !== 1 || !sub) throw new UsageError(USAGE);
  const data = values.data;
  if (!data) throw new UsageError(`--data DIR is required\n${USAGE}`);
  switch (sub) {
    case 'load':
      return load(ctx, values, data);
    case 'sync':
      return sync(ctx, values, data);
    case 'status':
      return status(ctx, values, data);
    case 'salvage':
      return salvage(ctx, values, data);
    default:
      throw new UsageError(`unknown queue command "${sub}"\n${USAGE}`);
  }
}

function positiveInt(name: string, v: string | undefined, required: boolean): number | undefined {
  if (v === undefined) {
    if (required) throw new UsageError(`--${name} is required\n${USAGE}`);
    return undefined;
  }
  return parsePositiveInt(v, `--${name}`);
}

async function open(values: Values, data: string, recoverInFlight: boolean): Promise<Outbox> {
  const cipher = (values.cipher ?? 'aes-256-gcm') as CipherName;
  if (!CIPHER_NAMES.includes(cipher)) throw new UsageError(`--cipher must be one of ${CIPHER_NAMES.join(', ')}`);
  const keyFile = values['key-file'] ?? defaultKeyFilePath(data);
  return openOutbox({
    dataDir: data,
    kioskId: values['kiosk-id'] ?? process.env.KIOSK_ID ?? 'kiosk-diag',
    keyStore: createFileKeyStore(keyFile),
    cipher,
    recoverInFlight,
  });
}

/** Synthetic submissions with (synthetic) personal data, so encryption at rest is exercised. */
function syntheticPayload(i: number): Record<string, unknown> {
  const card = DEMO_CARDS[i % DEMO_CARDS.length]!.card;
  return {
    applicant: { name: card.name, idNumber: card.idNumber, gender: card.gender, birthDate: card.birthDate, address: card.address },
    form: { purpose: '社保参保证明', copies: 1 + (i % 3), phone: '13800138000' },
    seq: i,
  };
}

async function load(ctx: CommandContext, values: Values, data: string): Promise<number> {
  const count = positiveInt('count', values.count, true)!;
  const serviceId = values.service ?? 'demo.synthetic';
  // load never sends, so it must not reset rows a running `queue sync` has in flight.
  const outbox = await open(values, data, false);
  const ids: string[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const id = outbox.enqueue(serviceId, syntheticPayload(i));
      // Printed only after enqueue returned, i.e. after COMMIT (and its fsync). stdout to a pipe or
      // file is written synchronously on Linux, so a SIGKILL right after cannot lose a printed id.
      if (ctx.json) ids.push(id);
      else process.stdout.write(`${id}\n`);
    }
  } finally {
    outbox.close();
  }
  if (ctx.json) ctx.out({ count: ids.length, ids });
  return Exit.ok;
}

async function sync(ctx: CommandContext, values: Values, data: string): Promise<number> {
  const url = values.url;
  if (!url) throw new UsageError(`--url URL is required\n${USAGE}`);
  try {
    new URL(url);
  } catch {
    throw new UsageError(`--url must be an absolute http(s) URL, got "${url}"`);
  }
  const timeoutMs = positiveInt('timeout', values.timeout, false);
  const concurrency = positiveInt('concurrency', values.concurrency, false);
  const token = values.token ?? process.env.KIOSK_BACKEND_TOKEN ?? 'demo-token';
  const outbox = await open(values, data, true);
  const worker = createSyncWorker({ outbox, url, token, concurrency });
  worker.onDidAlert((a) => {
    if (a.kind === 'auth-failed') ctx.log(`queue sync: ${a.message}; probing ${url}/v1/health`);
    else if (a.kind === 'auth-resumed') ctx.log('queue sync: back end healthy again, resumed');
    else if (a.kind === 'dead-letter' || a.kind === 'payload-tampered') ctx.log(`queue sync: ${a.id} dead-lettered (${a.message})`);
    else ctx.log(`queue sync: storage error: ${a.message}`);
  });
  let stopSignal: (() => void) | undefined;
  const stopped = new Promise<void>((resolve) => (stopSignal = resolve));
  const onSignal = () => stopSignal?.();
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
  try {
    if (values['until-empty']) {
      await Promise.race([worker.drain({ timeoutMs }), stopped]);
    } else {
      worker.start();
      await stopped;
    }
  } finally {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
    await worker.stop();
  }
  const s = outbox.status();
  outbox.close();
  if (ctx.json) ctx.out(s);
  else ctx.print(`queue sync: pending ${s.pending}, in flight ${s.inFlight}, done ${s.done}, dead ${s.dead}`);
  return Exit.ok;
}

/** A --data that is not a directory is the technician's typo, not an empty queue. */
function requireDir(data: string): void {
  if (!existsSync(data) || !statSync(data).isDirectory()) throw new UsageError(`--data ${data}: no such directory`);
}

async function status(ctx: CommandContext, values: Values, data: string): Promise<number> {
  requireDir(data);
  // With the key at hand every unsent body is test-opened too; status never creates a key.
  const keyFile = values['key-file'] ?? defaultKeyFilePath(data);
  let opener: BodyOpener | undefined;
  if (existsSync(keyFile)) {
    const key = await createFileKeyStore(keyFile).loadOrCreateKey();
    const sealer = createPayloadSealer(key);
    opener = { fingerprint: keyFingerprint(key), open: (b, c) => sealer.open(b, c) };
  }
  const s = readOutboxStatus(data, { opener });
  if (ctx.json) ctx.out(s);
  else process.stdout.write(`pending ${s.pending}\nin flight ${s.inFlight}\ndone ${s.done}\ndead ${s.dead}\noldest pending ${Math.round(s.oldestPendingAgeMs / 1000)} s\n`);
  return Exit.ok;
}


async function salvage(ctx: CommandContext, values: Values, data: string): Promise<number> {
  requireDir(data);
  const source = join(data, DEFAULT_OUTBOX_FILE);
  if (!existsSync(source)) throw new UsageError(`--data ${data}: no ${DEFAULT_OUTBOX_FILE} to salvage`);
  const keyFile = values['key-file'] ?? defaultKeyFilePath(data);
  if (!existsSync(keyFile)) throw new KioskError('not-available', `no outbox key at ${keyFile}: without it no body can be checked or sent (--key-file F)`);
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const inPlace = values.out === undefined;
  const key = await createFileKeyStore(keyFile).loadOrCreateKey();
  const sealer = createPayloadSealer(key);
  if (inPlace && checkOutboxFile(source, { fingerprint: keyFingerprint(key), open: (b, c) => sealer.open(b, c) }) === null) {
    throw new UsageError(`${source} passes its integrity check: nothing to salvage in place (use --out DIR2 to copy it anyway)`);
  }
  const targetDir = values.out ?? join(data, `salvage-${stamp}`);
  const report = await salvageOutbox({ sourceFile: source, targetDir, keyStore: createFileKeyStore(keyFile) });
  let movedAside: string | null = null;
  let target = report.target;
  if (inPlace) {
    // The damaged file keeps every byte, under a new name; the fresh outbox takes its place.
    movedAside = join(data, `outbox.damaged-${stamp}.sqlite`);
    for (const ext of ['', '-wal', '-shm']) if (existsSync(source + ext)) renameSync(source + ext, movedAside + ext);
    renameSync(report.target, source);
    rmSync(targetDir, { recursive: true, force: true });
    target = source;
  } else {
    const targetKey = defaultKeyFilePath(targetDir);
    if (!existsSync(targetKey)) {
      copyFileSync(keyFile, targetKey);
      chmodSync(targetKey, 0o600);
    }
  }
  const out = { ...report, target, movedAside };
  if (ctx.json) ctx.out(out);
  else {
    process.stdout.write(`salvaged into ${target}: pending ${report.copied.pending}, done ${report.copied.done}, dead ${report.copied.dead}\n`);
    if (movedAside) process.stdout.write(`damaged outbox kept untouched as ${movedAside}\n`);
    if (report.unreadableBodies.length) process.stdout.write(`bodies that no longer open (kept as dead letters): ${report.unreadableBodies.join(' ')}\n`);
    if (report.lostIds.length) process.stdout.write(`rows lost (ids still named by an index): ${report.lostIds.join(' ')}\n`);
    if (report.unreadableRows) process.stdout.write(`unreadable rows without a known id: ${report.unreadableRows}\n`);
  }
  return Exit.ok;
}
