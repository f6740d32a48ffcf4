import { DEMO_CARDS } from '../../../drivers/sim/demo-cards.js';
import {
  CIPHER_NAMES,
  createFileKeyStore,
  createSyncWorker,
  defaultKeyFilePath,
  openOutbox,
  readOutboxStatus,
  type CipherName,
  type Outbox,
} from '../../../offline-queue/index.js';
import { Exit, UsageError, parse, type CommandContext, positiveInt as parsePositiveInt } from '../cli.js';

/**
 * `kiosk-diag queue load | sync | status` (contracts.md §3).
 *
 * The outbox key is read from (or created at) `<DIR>.outbox-key`, the sibling of the data directory
 * (`KIOSK_OUTBOX_KEY_FILE` or `--key-file` override), so `load` and `sync` on one `--data` agree.
 * `status` needs no key.
 */
const USAGE = `usage: kiosk-diag queue load --data DIR --count N [--service ID] [--kiosk-id ID] [--cipher aes-256-gcm|sm4-gcm] [--key-file F]
       kiosk-diag queue sync --data DIR --url URL [--token T] [--until-empty] [--timeout MS] [--concurrency N] [--key-file F]
       kiosk-diag queue status --data DIR [--json]`;

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
      return status(ctx, data);
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
  else ctx.log(`queue sync: pending ${s.pending}, in flight ${s.inFlight}, done ${s.done}, dead ${s.dead}`);
  return Exit.ok;
}

async function status(ctx: CommandContext, data: string): Promise<number> {
  const s = readOutboxStatus(data);
  if (ctx.json) ctx.out(s);
  else process.stdout.write(`pending ${s.pending}\nin flight ${s.inFlight}\ndone ${s.done}\ndead ${s.dead}\noldest pending ${Math.round(s.oldestPendingAgeMs / 1000)} s\n`);
  return Exit.ok;
}

