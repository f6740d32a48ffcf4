import { copyFileSync, existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DiagnosticsMethodName } from '../../../contracts/diagnostics-protocol.js';
import { KioskError } from '../../../contracts/errors.js';
import type { HandlerTable } from '../../../contracts/protocol.js';
import { stamp, type DiagnosticsContext } from './context.js';
import { sealExport } from './export-crypto.js';

type ExportMethod = 'diag.queue' | 'diag.queue.retry' | 'diag.queue.discard' | 'diag.queue.export' | 'diag.system' | 'diag.logs.export';

/** Writes the audit, the event log, the system view and the host's rotated logs into a fresh folder on the export drive. */
async function exportLogs({ config, dataDir, store, events, exportDir, system }: DiagnosticsContext) {
  const dir = join(exportDir(), `kiosk-logs-${config.kioskId}-${stamp()}`);
  mkdirSync(dir, { recursive: true });
  const files: string[] = [];
  const write = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    files.push(name);
  };
  write('audit.jsonl', store.entries(10_000).reverse().map((e) => JSON.stringify(e)).join('\n') + '\n');
  write('events.jsonl', events.map((e) => JSON.stringify(e)).join('\n') + '\n');
  write('system.json', JSON.stringify(await system(), null, 2));
  // The host's rotated structured logs (kiosk.log, kiosk.log.1 …): personal data is redacted at write time.
  const logs = join(dataDir, 'logs');
  if (existsSync(logs)) {
    for (const name of readdirSync(logs)) {
      if (!statSync(join(logs, name)).isFile()) continue;
      copyFileSync(join(logs, name), join(dir, name));
      files.push(name);
    }
  }
  return { dir, files };
}

/** The Queue and System entries: dead submissions (retry, discard, sealed export) and the log export. */
export function exportHandlers(ctx: DiagnosticsContext): HandlerTable<Extract<DiagnosticsMethodName, ExportMethod>> {
  const { host, config, access, audited, exportDir, system } = ctx;
  const outbox = host.queue.outbox;
  return {
    'diag.queue': async (p) => {
      access.check(p.token);
      return { ...host.queue.view(), deadItems: outbox.listDead() };
    },
    'diag.queue.retry': async (p) => {
      access.check(p.token);
      return audited('queue-retry', p.id, async () => {
        if (!outbox.retry(p.id)) throw new KioskError('not-found', `no dead item ${p.id}`);
        return {};
      });
    },
    'diag.queue.discard': async (p) => {
      access.check(p.token);
      return audited('queue-discard', `${p.id}: ${p.reason}`, async () => {
        if (!outbox.discard(p.id, p.reason)) throw new KioskError('not-found', `no dead item ${p.id}`);
        return {};
      });
    },
    'diag.queue.export': async (p) => {
      access.check(p.token);
      return audited('queue-export', '', async () => {
        const dir = exportDir();
        const items = outbox.exportDead();
        const plain = Buffer.from(JSON.stringify({ kioskId: config.kioskId, exportedAt: new Date().toISOString(), items }));
        const sealed = await sealExport(plain, p.passphrase);
        const file = join(dir, `dead-${config.kioskId}-${stamp()}.okx.json`);
        writeFileSync(file, JSON.stringify(sealed));
        return { file, count: items.length };
      }, (r) => `${r.count} items to ${r.file}`);
    },
    'diag.system': async (p) => {
      access.check(p.token);
      return system();
    },
    'diag.logs.export': async (p) => {
      access.check(p.token);
      return audited('logs-export', '', () => exportLogs(ctx), (r) => `${r.files.length} files to ${r.dir}`);
    },
  };
}
