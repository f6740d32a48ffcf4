import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KioskError } from '../../contracts/errors.js';
import { npmCjkFont } from '../../drivers/document-printer/cjk-font.js';
import { loadLayout } from './layout.js';
import type { LicenseData } from './license-data.js';
import { renderCalibrationSheet, renderLicensePdf } from './license-pdf.js';
import { PdfFile } from '../pdf/pdf-inspect.test-helper.js';

const COMPANY: LicenseData = {
  uscc: '91320508MA1MXK2C87',
  name: '苏州古城示例科技有限公司',
  entityType: 'company',
  typeText: '有限责任公司（自然人投资或控股）',
  representative: { role: 'legal-representative', name: '欧阳晓明' },
  businessScope: '一般项目：软件开发；信息系统集成服务；信息技术咨询服务。（除依法须经批准的项目外，凭营业执照依法自主开展经营活动）',
  capital: '壹仟万元整',
  compositionForm: null,
  establishedDate: '2016-03-01',
  termFrom: '2016-03-01',
  termTo: 'long-term',
  address: '苏州市姑苏区人民路100号',
  registrationAuthority: '苏州市姑苏区市场监督管理局',
  issueDate: '2023-06-15',
  verificationUrl: 'http://127.0.0.1:8787/v1/registry/verify/91320508MA1MXK2C87',
};

const SOLE: LicenseData = {
  ...COMPANY,
  uscc: '92320508MA7TQ3H5P8',
  name: '姑苏区林记早餐店',
  entityType: 'sole-proprietorship',
  typeText: '个体工商户',
  representative: { role: 'operator', name: '林小' },
  capital: null,
  compositionForm: '个人经营',
  termFrom: null,
  termTo: null,
  verificationUrl: 'http://127.0.0.1:8787/v1/registry/verify/92320508MA7TQ3H5P8',
};

const compact = (s: string) => s.replace(/\s+/g, '');

async function inspect(bytes: Promise<Buffer>, fn: (pdf: PdfFile) => void): Promise<void> {
  const pdf = new PdfFile(await bytes);
  try {
    fn(pdf);
  } finally {
    pdf.dispose();
  }
}

function assertFontsEmbedded(pdf: PdfFile): void {
  const fonts = pdf.fonts();
  assert.ok(fonts.length >= 1, 'at least one font');
  for (const f of fonts) {
    assert.ok(f.embedded, `${f.name} embedded`);
    assert.ok(f.subset, `${f.name} subset`);
  }
  assert.ok(fonts.some((f) => /CJK|Hans|Hei|Ming|Sun/i.test(f.name)), `a CJK font: ${fonts.map((f) => f.name).join(', ')}`);
}

test('original: one exact A3 landscape page, code/name/representative as text, fonts embedded, QR decodes to the URL', async () => {
  await inspect(renderLicensePdf(COMPANY, { copy: 'original' }), (pdf) => {
    assert.equal(pdf.pages(), 1);
    assert.deepEqual(pdf.pageSize(), { w: 1190.55, h: 841.89, name: 'A3' });
    const text = compact(pdf.text());
    for (const s of ['统一社会信用代码', '91320508MA1MXK2C87', '苏州古城示例科技有限公司', '法定代表人', '欧阳晓明', '壹仟万元整', '2016年03月01日至长期', '经营范围', '信息系统集成服务']) {
      assert.ok(text.includes(s), `text has ${s}`);
    }
    assert.ok(!text.includes('年度报告'), 'no annual-report reminder on the original');
    assertFontsEmbedded(pdf);
    const qr = loadLayout('license-original-a3').qr;
    assert.equal(pdf.decodeQr({ xMm: qr.xMm - 4, yMm: qr.yMm - 4, wMm: qr.sizeMm + 8, hMm: qr.sizeMm + 8 }), COMPANY.verificationUrl);
  });
});

test('duplicate: exact A4 landscape, the annual-report reminder, the labels of a sole proprietorship, QR decodes', async () => {
  await inspect(renderLicensePdf(SOLE, { copy: 'duplicate' }), (pdf) => {
    assert.deepEqual(pdf.pageSize(), { w: 841.89, h: 595.276, name: 'A4' });
    const text = compact(pdf.text());
    for (const s of ['92320508MA7TQ3H5P8', '姑苏区林记早餐店', '经营者', '林小', '组成形式', '个人经营', '经营场所', '注册日期', '年度报告']) assert.ok(text.includes(s), `text has ${s}`);
    assert.ok(!text.includes('法定代表人') && !text.includes('营业期限'), 'company labels are not used');
    assertFontsEmbedded(pdf);
    const qr = loadLayout('license-duplicate-a4').qr;
    const decoded = pdf.decodeQr({ xMm: qr.xMm - 4, yMm: qr.yMm - 4, wMm: qr.sizeMm + 8, hMm: qr.sizeMm + 8 }, 300);
    assert.ok(decoded?.includes('92320508MA7TQ3H5P8'), `QR: ${decoded}`);
  });
});

test('a long business scope shrinks, then continues in the overflow area with nothing lost; too long is refused', async () => {
  const clauses = ['技术服务', '技术开发', '软件开发', '信息系统集成服务', '数据处理和存储支持服务', '计算机系统服务', '网络技术服务', '物联网技术服务', '电子产品销售', '办公设备销售'];
  const scope = Array.from({ length: 130 }, (_, i) => `${clauses[i % clauses.length]}${i}`).join('；') + '。';
  for (const copy of ['original', 'duplicate'] as const) {
    await inspect(renderLicensePdf({ ...COMPANY, businessScope: scope }, { copy }), (pdf) => {
      const text = compact(pdf.text());
      assert.ok(text.includes('（续见右侧）'), `${copy}: continued mark`);
      assert.equal(compact(text.replace('（续见右侧）', '')).includes(compact(scope.slice(-30))), true, `${copy}: the scope's end is printed`);
    });
  }
  await assert.rejects(renderLicensePdf({ ...COMPANY, businessScope: scope.repeat(3) }, { copy: 'duplicate' }), (e: KioskError) => e.code === 'bad-request');
});

test('the calibration offset moves everything by exactly that many millimetres', async () => {
  const at = async (offset: { xMm: number; yMm: number }) => {
    const pdf = new PdfFile(await renderLicensePdf(COMPANY, { copy: 'original', offset }));
    try {
      return pdf.words().find((w) => w.text === COMPANY.uscc)!;
    } finally {
      pdf.dispose();
    }
  };
  const zero = await at({ xMm: 0, yMm: 0 });
  const moved = await at({ xMm: 10, yMm: -5 });
  const mm = 72 / 25.4;
  assert.ok(Math.abs(moved.xMin - zero.xMin - 10 * mm) < 0.1, `x moved ${moved.xMin - zero.xMin} pt`);
  assert.ok(Math.abs(moved.yMin - zero.yMin + 5 * mm) < 0.1, `y moved ${moved.yMin - zero.yMin} pt`);
  // And the nominal position is the layout's (baseline at 50 mm, left edge at 32 mm).
  assert.ok(Math.abs(zero.xMin - 32 * mm) < 1, `x ${zero.xMin}`);
});

test('calibration sheets: exact A3 / A4, grid numbers and every reference point labelled', async () => {
  for (const paper of ['A3', 'A4'] as const) {
    await inspect(renderCalibrationSheet({ paper, offset: { xMm: 1.5, yMm: -0.5 } }), (pdf) => {
      assert.equal(pdf.pageSize().name, paper);
      const text = compact(pdf.text());
      assert.ok(text.includes('校准页'));
      assert.ok(text.includes('x+1.5mm,y-0.5mm'), 'states the offset');
      const layout = loadLayout(paper === 'A3' ? 'license-original-a3' : 'license-duplicate-a4');
      for (const p of layout.referencePoints) assert.ok(text.includes(compact(`${p.label} (${p.xMm}, ${p.yMm})`)), p.id);
      assertFontsEmbedded(pdf);
    });
  }
});

test('font: KIOSK_CJK_FONT overrides; a missing font is the printer being unavailable (device-offline); wrong layout for the copy is refused', async () => {
  const saved = { f: process.env.KIOSK_CJK_FONT, n: process.env.KIOSK_CJK_FONT_NAME };
  try {
    // The npm font as an explicit override works without any system font installed.
    process.env.KIOSK_CJK_FONT = npmCjkFont()!.path;
    process.env.KIOSK_CJK_FONT_NAME = '';
    await inspect(renderLicensePdf(COMPANY, { copy: 'original' }), (pdf) => {
      assert.ok(pdf.fonts().every((f) => f.name.endsWith('+NotoSansHans-Regular')), JSON.stringify(pdf.fonts()));
    });
    process.env.KIOSK_CJK_FONT = '/nonexistent/font.ttc';
    await assert.rejects(renderLicensePdf(COMPANY, { copy: 'original' }), (e: KioskError) => e.code === 'device-offline' && /KIOSK_CJK_FONT/.test(e.message));
  } finally {
    for (const [k, v] of [['KIOSK_CJK_FONT', saved.f], ['KIOSK_CJK_FONT_NAME', saved.n]] as const) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
  await assert.rejects(renderLicensePdf(COMPANY, { copy: 'original', layout: 'license-duplicate-a4' }), (e: KioskError) => e.code === 'bad-request');
});

test('font: with no system font at all (KIOSK_NO_SYSTEM_TOOLS=1, an empty fontconfig) the Noto Sans CJK SC from npm is embedded and the company name reads back', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-nofont-'));
  const saved = { hide: process.env.KIOSK_NO_SYSTEM_TOOLS, fc: process.env.FONTCONFIG_FILE };
  try {
    writeFileSync(join(dir, 'fonts.conf'), '<?xml version="1.0"?>\n<fontconfig></fontconfig>\n');
    process.env.KIOSK_NO_SYSTEM_TOOLS = '1';
    process.env.FONTCONFIG_FILE = join(dir, 'fonts.conf');
    await inspect(renderLicensePdf(COMPANY, { copy: 'original' }), (pdf) => {
      const fonts = pdf.fonts();
      assert.ok(fonts.length >= 1 && fonts.every((f) => f.embedded && f.subset && f.name.endsWith('+NotoSansHans-Regular')), JSON.stringify(fonts));
      const text = compact(pdf.text());
      for (const s of [COMPANY.name, COMPANY.uscc, '欧阳晓明', '苏州市姑苏区人民路100号']) assert.ok(text.includes(s), `text has ${s}: ${text}`);
    });
  } finally {
    for (const [k, v] of [['KIOSK_NO_SYSTEM_TOOLS', saved.hide], ['FONTCONFIG_FILE', saved.fc]] as const) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    rmSync(dir, { recursive: true, force: true });
  }
});
