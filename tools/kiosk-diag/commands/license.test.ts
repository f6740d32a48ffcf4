import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDemoBackend } from '../../../main/demo-backend/index.js';
import { PdfFile } from '../../../documents/pdf/pdf-inspect.test-helper.js';

function diagSync(args: string[]) {
  return spawnSync(process.execPath, ['tools/kiosk-diag.mjs', 'license', ...args], { encoding: 'utf8', timeout: 120_000 });
}

/** Async, so a back end in this process keeps answering while the command runs. */
function diag(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, ['tools/kiosk-diag.mjs', 'license', ...args]);
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    p.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    p.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

const compact = (s: string) => s.replace(/\s+/g, '');

test('kiosk-diag license: original A3 and duplicate A4 from the embedded back end; exit 2 bad check character; exit 5 unknown code', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'diag-license-'));
  try {
    const orig = join(dir, 'original.pdf');
    const r = diagSync(['--uscc', '91320508MA1MXK2C87', '--copy', 'original', '--out', orig, '--json']);
    assert.equal(r.status, 0, r.stderr);
    const res = JSON.parse(r.stdout) as Record<string, unknown>;
    assert.equal(res.paper, 'A3');
    const pdf = new PdfFile(readFileSync(orig));
    try {
      assert.deepEqual(pdf.pageSize(), { w: 1190.55, h: 841.89, name: 'A3' });
      const text = compact(pdf.text());
      for (const s of ['91320508MA1MXK2C87', '苏州古城示例科技有限公司', '欧阳晓明']) assert.ok(text.includes(s), s);
      assert.ok(pdf.fonts().every((f) => f.embedded));
      const url = pdf.decodeQr({ xMm: 346, yMm: 18, wMm: 48, hMm: 48 });
      assert.ok(url?.includes('91320508MA1MXK2C87'), `QR: ${url}`);
    } finally {
      pdf.dispose();
    }

    const dup = join(dir, 'duplicate.pdf');
    const d = diagSync(['--uscc', '93320505MA2NLRW61U', '--copy', 'duplicate', '--out', dup]);
    assert.equal(d.status, 0, d.stderr);
    const dpdf = new PdfFile(readFileSync(dup));
    try {
      assert.deepEqual(dpdf.pageSize(), { w: 841.89, h: 595.276, name: 'A4' });
      assert.ok(compact(dpdf.text()).includes('陳大文'));
    } finally {
      dpdf.dispose();
    }

    const bad = diagSync(['--uscc', '91320508MA1MXK2C88', '--copy', 'original', '--out', join(dir, 'x.pdf'), '--json']);
    assert.equal(bad.status, 2, bad.stderr);
    assert.equal((JSON.parse(bad.stdout) as { error: { code: string } }).error.code, 'bad-request');
    const unknown = diagSync(['--uscc', '91350100M000100Y43', '--copy', 'original', '--out', join(dir, 'x.pdf'), '--json']);
    assert.equal(unknown.status, 5, unknown.stderr);
    assert.equal(diagSync(['--uscc', '91320508MA1MXK2C87', '--copy', 'both', '--out', join(dir, 'x.pdf')]).status, 2);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('kiosk-diag license --url/--token against a running back end; wrong token exits 5; calibration sheets', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'diag-license-'));
  const backend = await startDemoBackend({ dataDir: join(dir, 'backend'), token: 'diag-token' });
  try {
    const out = join(dir, 'sole.pdf');
    const r = await diag(['--uscc', '92320508MA7TQ3H5P8', '--copy', 'duplicate', '--out', out, '--url', backend.url, '--token', 'diag-token']);
    assert.equal(r.status, 0, r.stderr);
    const pdf = new PdfFile(readFileSync(out));
    try {
      assert.ok(compact(pdf.text()).includes('姑苏区林记早餐店'));
    } finally {
      pdf.dispose();
    }
    const denied = await diag(['--uscc', '92320508MA7TQ3H5P8', '--copy', 'duplicate', '--out', out, '--url', backend.url, '--token', 'wrong', '--json']);
    assert.equal(denied.status, 5, denied.stderr);
    for (const paper of ['A3', 'A4']) {
      const cal = join(dir, `cal-${paper}.pdf`);
      const c = await diag(['--calibration', '--paper', paper, '--out', cal, '--offset-x=-1.5']);
      assert.equal(c.status, 0, c.stderr);
      const cpdf = new PdfFile(readFileSync(cal));
      try {
        assert.equal(cpdf.pageSize().name, paper);
        assert.ok(compact(cpdf.text()).includes('x-1.5mm'));
      } finally {
        cpdf.dispose();
      }
    }
    assert.equal((await diag(['--calibration', '--paper', 'A5', '--out', join(dir, 'x.pdf')])).status, 2);
  } finally {
    await backend.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
