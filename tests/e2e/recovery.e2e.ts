// Recovery: killing the host during a run shows recovery without losing the
// citizen's submission; a hung host is detected by the renderer's heartbeat; failed recovery shows
// the out-of-service screen with the maintainer's phone number; the fleet heartbeat reaches the back end.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import type { Browser } from 'playwright-core';
import { openHostSocket } from '../../main/host/test-support/host-socket.js';
import { launchBrowser, openKioskPage } from './support/browser.js';
import { submitHouseholdProof } from './support/household-proof.js';
import { shortCaseNumber } from '../../contracts/case-number.js';
import { makeTempDir, removeDir, startKiosk, type KioskProcess } from './support/kiosk-process.js';

const TOKEN = 'e2e-token';
const KIOSK_ID = 'hall-09-k01';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** The demo back end as its own process (so killing the host does not take it down). */
async function startBackend(dir: string, port: number): Promise<{ child: ChildProcess; stop(): Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'main/demo-backend/launch.ts', '--data', dir, '--token', TOKEN, '--port', String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`demo back end not ready in 30 s: ${out}`)), 30_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('demo back end at')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (c) => reject(new Error(`demo back end exited ${c}: ${out}`)));
  });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  return {
    child,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

async function until<T>(what: string, f: () => Promise<T | undefined>, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const v = await f();
      if (v !== undefined) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** One request over the host protocol, as the renderer sends it. */
async function hostCall(kioskUrl: string, method: string, params: unknown): Promise<unknown> {
  const ws = await openHostSocket(kioskUrl);
  try {
    return await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${method}: no answer`)), 15_000);
      ws.on('error', reject);
      ws.send(JSON.stringify({ type: 'request', id: 'e2e1', method, params }));
      ws.on('message', (d) => {
        const m = JSON.parse(d.toString()) as { type: string; id?: string; ok?: boolean; result?: unknown; error?: unknown };
        if (m.type !== 'response' || m.id !== 'e2e1') return;
        clearTimeout(timer);
        if (m.ok) resolve(m.result);
        else reject(new Error(JSON.stringify(m.error)));
      });
    });
  } finally {
    ws.close();
  }
}

describe('recovery: host killed, host hung, fleet heartbeat', () => {
  let browser: Browser;
  const dir = makeTempDir('kiosk-recovery-');
  const backendDir = join(dir, 'backend');
  let kiosk: KioskProcess | null = null;
  let backend: Awaited<ReturnType<typeof startBackend>> | null = null;

  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    if (kiosk?.child.exitCode === null && kiosk.child.signalCode === null) kiosk.child.kill('SIGCONT');
    await kiosk?.stop();
    await backend?.stop();
    removeDir(dir);
  });

  it('SIGKILL right after the submission is acknowledged: the renderer reconnects and the back end gets it exactly once', async () => {
    const backendPort = await freePort();
    const config = {
      kioskId: KIOSK_ID,
      backend: { url: `http://127.0.0.1:${backendPort}`, token: TOKEN },
      ui: { idleTimeoutSec: 120, idleWarningSec: 10 },
      heartbeat: { intervalMin: 0.05, urgentDebounceSec: 0.5 },
    };
    // The back end is down while the citizen submits: the submission exists only in the outbox when the host dies.
    kiosk = await startKiosk({ dir, config });
    const port = kiosk.port;
    const { page, errors } = await openKioskPage(browser, kiosk.url);
    const caseNumber = await submitHouseholdProof(page);
    await kiosk.kill();
    await page.getByTestId('connection-lost').waitFor({ timeout: 15_000 });

    backend = await startBackend(backendDir, backendPort);
    kiosk = await startKiosk({ dir, port, config });
    await page.getByTestId('connection-lost').waitFor({ state: 'detached', timeout: 30_000 });
    // The old session is gone with the old host: the renderer leaves the flow.
    await page.getByTestId('home').waitFor({ timeout: 15_000 });

    // The outbox drains to the back end.
    await until('the submission to sync', async () => {
      const q = (await hostCall(kiosk!.url, 'queue.status', {})) as { pending: number; inFlight: number; done: number; dead: number };
      return q.pending === 0 && q.inFlight === 0 && q.done >= 1 ? q : undefined;
    });
    // The fleet heartbeat of the new host run reached the back end too.
    const hb = await until('a heartbeat', async () => {
      const r = await fetch(`http://127.0.0.1:${backendPort}/v1/kiosks/${KIOSK_ID}/heartbeat`, { headers: { Authorization: `Bearer ${TOKEN}` } });
      return r.status === 200 ? ((await r.json()) as { heartbeat: { versions: Record<string, string>; devices: unknown[]; queue: { pending: number }; paper: Record<string, string> } }) : undefined;
    });
    assert.ok(hb.heartbeat.versions.app && hb.heartbeat.versions.node);
    assert.ok(hb.heartbeat.devices.length >= 3);
    assert.ok('receipt-printer' in hb.heartbeat.paper);

    // Paper out: an urgent heartbeat at once.
    await hostCall(kiosk.url, 'sim.setPrinter', { paperEnd: true });
    const urgent = await until('the urgent paper-out heartbeat', async () => {
      const r = await fetch(`http://127.0.0.1:${backendPort}/v1/kiosks/${KIOSK_ID}/heartbeat`, { headers: { Authorization: `Bearer ${TOKEN}` } });
      const body = (await r.json()) as { lastUrgent: { urgent: { kind: string; source: string }[] } | null };
      return body.lastUrgent?.urgent.some((u) => u.kind === 'paper-out') ? body.lastUrgent : undefined;
    });
    assert.ok(urgent.urgent.some((u) => u.source === 'receipt-printer'));
    await hostCall(kiosk.url, 'sim.setPrinter', { paperEnd: false });

    await kiosk.stop();
    kiosk = null;
    await backend.stop();
    backend = null;
    const db = new Database(join(backendDir, 'demo-backend.sqlite'), { readonly: true });
    try {
      const rows = db.prepare('SELECT id, kiosk_id AS kioskId, service_id AS serviceId FROM submissions').all() as { id: string; kioskId: string; serviceId: string }[];
      const stored = rows.filter((r) => shortCaseNumber(r.id, KIOSK_ID) === caseNumber);
      assert.deepEqual(
        stored.map((r) => ({ kioskId: r.kioskId, serviceId: r.serviceId })),
        [{ kioskId: KIOSK_ID, serviceId: 'household-proof' }],
        `exactly once (case number ${caseNumber})`,
      );
      assert.equal(rows.length, 1, `nothing else was sent: ${JSON.stringify(rows.map((r) => r.serviceId))}`);
    } finally {
      db.close();
    }
    assert.deepEqual(errors, []);
    await page.context().close();
  });

  it('a hung host is caught by the heartbeat; failed recovery shows the maintainer phone; the screen clears when the host is back', async () => {
    mkdirSync(join(dir, 'hung'));
    kiosk = await startKiosk({ dir: join(dir, 'hung'), config: { recovery: { pingIntervalMs: 1000, outOfServiceAfterSec: 6 }, hall: { maintainerPhone: '0512-87654321' } } });
    const { page } = await openKioskPage(browser, kiosk.url);
    await page.getByTestId('attract').waitFor();
    // SIGSTOP: the socket stays open but nothing answers — only the ping notices.
    kiosk.child.kill('SIGSTOP');
    await page.getByTestId('connection-lost').waitFor({ timeout: 15_000 });
    await page.getByTestId('host-unreachable').waitFor({ timeout: 20_000 });
    assert.equal(await page.getByTestId('maintainer-phone').innerText(), '0512-87654321');
    assert.match(await page.getByTestId('host-unreachable').innerText(), /暂停服务/);
    kiosk.child.kill('SIGCONT');
    await page.getByTestId('host-unreachable').waitFor({ state: 'detached', timeout: 30_000 });
    await page.getByTestId('connection-lost').waitFor({ state: 'detached', timeout: 30_000 });
    await page.context().close();
  });
});
