import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { findSystemTool } from '../../../drivers/core/test-support/system-tools.js';

const diag = (args: string[], env: NodeJS.ProcessEnv = process.env) => spawnSync(process.execPath, ['tools/kiosk-diag.mjs', 'health', ...args], { encoding: 'utf8', timeout: 180_000, env });
const STATES = ['offline', 'ready', 'busy', 'error'];

describe('kiosk-diag health', () => {
  it('lists every device of the default simulated kiosk as ready', () => {
    const r = diag(['--json']);
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { devices: { id: string; kind: string; state: string; detail: string | null }[] };
    assert.deepEqual(out.devices.map((d) => d.kind).sort(), ['document-camera', 'document-printer', 'idcard-reader', 'receipt-printer', 'scanner', 'sscard-reader']);
    for (const d of out.devices) {
      assert.ok(STATES.includes(d.state), `${d.id}: ${d.state}`);
      assert.equal(d.state, 'ready', `${d.id} is ${d.state} (${d.detail})`);
    }
  });

  it('shows the document camera as configured (label, device id, resolution) and that its processing worker starts; none configured is not a fault', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kiosk-health-test-'));
    try {
      const cfg = join(dir, 'k.yaml');
      writeFileSync(cfg, 'devices:\n  documentCamera: { label: "Eloam S1000", deviceId: "usb-0c45-6366", width: 2592, height: 1944 }\n');
      const r = diag(['--config', cfg, '--json']);
      assert.equal(r.status, 0, r.stderr);
      const cam = (JSON.parse(r.stdout) as { devices: Record<string, unknown>[] }).devices.find((d) => d.kind === 'document-camera')!;
      assert.equal(cam.state, 'ready');
      assert.deepEqual([cam.label, cam.deviceId, cam.width, cam.height], ['Eloam S1000', 'usb-0c45-6366', 2592, 1944]);
      const worker = cam.worker as { started: boolean; ms: number };
      assert.equal(worker.started, true);
      assert.ok(worker.ms > 0, JSON.stringify(worker));
      const human = diag(['--config', cfg]);
      assert.match(human.stdout, /^document-camera\s+ready\s+label "Eloam S1000", device id usb-0c45-6366, 2592×1944, processing worker started in \d+ ms$/m);

      writeFileSync(cfg, 'devices:\n  documentCamera: null\n');
      const none = diag(['--config', cfg, '--json']);
      assert.equal(none.status, 0, none.stderr);
      const off = (JSON.parse(none.stdout) as { devices: Record<string, unknown>[] }).devices.find((d) => d.kind === 'document-camera')!;
      assert.deepEqual([off.state, off.detail, off.ok, off.worker], ['offline', 'not-configured', true, null]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports an unplugged reader and an unreachable printer as offline with a suggested action, and exits 4', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kiosk-health-test-'));
    try {
      const cfg = join(dir, 'k.yaml');
      writeFileSync(cfg, 'devices:\n  idCardReader: { transport: serial, path: /dev/ttyNOPE0 }\n  receiptPrinter: { uri: "tcp://127.0.0.1:9" }\n');
      const r = diag(['--config', cfg, '--json']);
      assert.equal(r.status, 4, 'a configured device that is not ready is a device error');
      const byKind = new Map((JSON.parse(r.stdout) as { devices: { kind: string; state: string; action: string }[] }).devices.map((d) => [d.kind, d]));
      assert.equal(byKind.get('idcard-reader')?.state, 'offline');
      assert.equal(byKind.get('receipt-printer')?.state, 'offline');
      assert.equal(byKind.get('receipt-printer')?.action, 'reconnect');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('prints its human report on stdout: that the devices are simulated, then one line per device with its port', () => {
    const r = diag([]);
    assert.equal(r.status, 0, r.stderr);
    const [first, ...lines] = r.stdout.trim().split('\n');
    assert.match(first ?? '', /^simulated devices \(no --config\)/);
    assert.equal(lines.length, 6, r.stdout);
    for (const kind of ['idcard-reader', 'scanner', 'receipt-printer', 'document-printer']) assert.ok(lines.some((l) => l.startsWith(kind) && /\bready\b/.test(l)), r.stdout);
    // The reader's line names the port it talks on (serial:PATH@BAUD), not just "serial".
    assert.match(lines.find((l) => l.startsWith('idcard-reader')) ?? '', /ready\s+(serial:\/\S+@115200|memory)/);
    assert.equal(r.stderr, '');
  });

  // Asking CUPS about a queue needs its client; without it the reason is "install cups-client", tested elsewhere.
  it('an unknown CUPS queue is offline/no-queue with a plain reason, not "lpoptions exit 0"', { skip: findSystemTool('lpoptions') ? false : '[needs cups] the CUPS client (lpoptions) is not installed (apt-get install -y cups-client)' }, () => {
    const dir = mkdtempSync(join(tmpdir(), 'kiosk-health-test-'));
    try {
      const cfg = join(dir, 'k.yaml');
      writeFileSync(cfg, 'devices:\n  documentPrinter: { transport: cups, queue: OPENKIOSK_NO_SUCH_QUEUE }\n');
      const r = diag(['--config', cfg]);
      assert.equal(r.status, 4, r.stderr);
      const line = r.stdout.split('\n').find((l) => l.startsWith('document-printer')) ?? '';
      assert.match(line, /offline\s+\S+\s+no-queue/);
      assert.doesNotMatch(r.stdout, /no --config/, 'a configured run does not claim to be simulated');
      assert.doesNotMatch(r.stdout + r.stderr, /lpoptions exit 0/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a missing CJK font makes the document printer error/font-missing, exit 4', () => {
    const r = diag(['--json'], { ...process.env, KIOSK_CJK_FONT: '/nonexistent/NotoSansCJK.ttc' });
    assert.equal(r.status, 4, r.stderr);
    const doc = (JSON.parse(r.stdout) as { devices: { kind: string; state: string; detail: string; message: string }[] }).devices.find((d) => d.kind === 'document-printer');
    assert.equal(doc?.state, 'error');
    assert.equal(doc?.detail, 'font-missing');
    assert.match(doc?.message ?? '', /no CJK font/);
  });

  it('a bad config is a usage error (exit 2) with one JSON error object', () => {
    const r = diag(['--config', '/nonexistent/k.yaml', '--json']);
    assert.equal(r.status, 2);
    assert.equal((JSON.parse(r.stdout) as { error: { code: string } }).error.code, 'usage');
  });
});
