/**
 * License PDF benchmark (goals: < 800 ms cold, the first after start, font read included;
 * < 150 ms warm). Prints figures; asserts nothing. Run: node tools/bench.mjs license
 */
const t0 = performance.now();
const { renderLicensePdf, renderCalibrationSheet } = await import('../../documents/index.js');
const importMs = performance.now() - t0;

const license = {
  uscc: '91320508MA1MXK2C87',
  name: '苏州古城示例科技有限公司',
  entityType: 'company' as const,
  typeText: '有限责任公司（自然人投资或控股）',
  representative: { role: 'legal-representative' as const, name: '欧阳晓明' },
  businessScope: '一般项目：软件开发；信息系统集成服务；信息技术咨询服务；计算机软硬件及辅助设备零售；电子产品销售；（除依法须经批准的项目外，凭营业执照依法自主开展经营活动）',
  capital: '壹仟万元整',
  compositionForm: null,
  establishedDate: '2016-03-01',
  termFrom: '2016-03-01',
  termTo: 'long-term' as const,
  address: '苏州市姑苏区人民路100号',
  registrationAuthority: '苏州市姑苏区市场监督管理局',
  issueDate: '2023-06-15',
  verificationUrl: 'http://127.0.0.1:8787/v1/registry/verify/91320508MA1MXK2C87',
};

const c0 = performance.now();
await renderLicensePdf(license, { copy: 'original' });
const coldMs = performance.now() - c0;

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
for (const copy of ['original', 'duplicate'] as const) {
  const lat: number[] = [];
  for (let i = 0; i < 30; i++) {
    const a = performance.now();
    await renderLicensePdf({ ...license, businessScope: license.businessScope + '；'.repeat(i % 2) }, { copy });
    lat.push(performance.now() - a);
  }
  lat.sort((x, y) => x - y);
  console.log(`license ${copy} warm (30 runs): p50 ${pct(lat, 50).toFixed(1)} ms, p95 ${pct(lat, 95).toFixed(1)} ms, max ${lat.at(-1)!.toFixed(1)} ms  (goal < 150 ms)`);
}
console.log(`license original cold (first after start, font read + parse included): ${coldMs.toFixed(1)} ms  (goal < 800 ms); module import ${importMs.toFixed(1)} ms`);
const k0 = performance.now();
await renderCalibrationSheet({ paper: 'A3' });
console.log(`calibration sheet A3: ${(performance.now() - k0).toFixed(1)} ms`);
