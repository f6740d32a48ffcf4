/**
 * Demo records of the citizen services for the synthetic demo cards in
 * drivers/sim/demo-cards.ts. None is a real person. Keyed by the card's ID number, which only the
 * host and this back end ever see.
 */

export interface LookupResult {
  /** Key/value facts shown above the table (labels come from the service definition). */
  summary: Record<string, string | number>;
  rows: Record<string, string | number>[];
}

function months(last: string, count: number): string[] {
  const [y, m] = last.split('-').map(Number) as [number, number];
  return Array.from({ length: count }, (_, i) => {
    const d = new Date(Date.UTC(y, m - 1 - i, 1));
    return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
  });
}

/** Monthly social-insurance contributions: pension 8 %, medical 2 %, unemployment 0.5 % of the base. */
function contributions(base: number, last: string, count: number): Record<string, string | number>[] {
  return months(last, count).map((month) => ({
    month,
    pension: Math.round(base * 0.08 * 100) / 100,
    medical: Math.round(base * 0.02 * 100) / 100,
    unemployment: Math.round(base * 0.005 * 100) / 100,
  }));
}

const OUYANG = '320508195602290013';
const LIN = '532801200107150028';
const WANG = '320508199001010029';
const CHAN = '81000019800102001X';
const SMITH = 'USA320075041201';
const MUELLER = '93284019850612001X';

export const SOCIAL_INSURANCE: Record<string, LookupResult> = {
  // Retired in 2016: the pension is paid, no contributions in the last 12 months.
  [OUYANG]: { summary: { insuredSince: '1992-07', employer: '苏州市第一纺织厂（已退休）', status: '退休领取待遇', totalMonths: 283 }, rows: [] },
  [LIN]: { summary: { insuredSince: '2023-07', employer: '景洪市雨林旅游服务有限公司', status: '正常参保', totalMonths: 29 }, rows: contributions(4800, '2025-10', 12) },
  [WANG]: { summary: { insuredSince: '2012-09', employer: '苏州工业园区星海软件有限公司', status: '正常参保', totalMonths: 158 }, rows: contributions(12800, '2025-10', 12) },
  [CHAN]: { summary: { insuredSince: '2019-03', employer: '苏州狮山精密机械有限公司', status: '正常参保', totalMonths: 80 }, rows: contributions(9500, '2025-10', 12) },
  [MUELLER]: { summary: { insuredSince: '2021-01', employer: '苏州德禾汽车部件有限公司', status: '正常参保', totalMonths: 58 }, rows: contributions(15000, '2025-10', 12) },
};

export const HOUSING_FUND: Record<string, LookupResult> = {
  [OUYANG]: { summary: { account: '3205****8801', status: '已销户（退休提取）', balance: 0, monthly: 0, lastPaid: '2016-02' }, rows: [] },
  [LIN]: { summary: { account: '5328****1207', status: '正常缴存', balance: 8640.5, monthly: 576, lastPaid: '2025-10' }, rows: [] },
  [WANG]: {
    summary: { account: '3205****0329', status: '正常缴存', balance: 86512.34, monthly: 3072, lastPaid: '2025-10' },
    rows: [
      { date: '2025-10-15', kind: '汇缴', amount: 3072 },
      { date: '2025-09-15', kind: '汇缴', amount: 3072 },
      { date: '2025-08-20', kind: '提取（租房）', amount: -1500 },
      { date: '2025-08-15', kind: '汇缴', amount: 3072 },
    ],
  },
  [CHAN]: { summary: { account: '3205****7712', status: '正常缴存', balance: 40218, monthly: 2280, lastPaid: '2025-10' }, rows: [] },
};

export const REAL_ESTATE: Record<string, LookupResult> = {
  [OUYANG]: {
    summary: { count: 1 },
    rows: [{ certificate: '苏(2016)苏州市不动产权第0123456号', location: '姑苏区人民路100号3幢402室', use: '住宅', area: 86.4, share: '共同共有', status: '无抵押 无查封' }],
  },
  [WANG]: {
    summary: { count: 2 },
    rows: [
      { certificate: '苏(2019)苏州市不动产权第0654321号', location: '工业园区星湖街328号12幢1801室', use: '住宅', area: 118.7, share: '单独所有', status: '抵押中' },
      { certificate: '苏(2021)苏州市不动产权第0777012号', location: '工业园区星湖街328号地下车位B-215', use: '车位', area: 13.2, share: '单独所有', status: '无抵押 无查封' },
    ],
  },
  [LIN]: { summary: { count: 0 }, rows: [] },
  [CHAN]: { summary: { count: 0 }, rows: [] },
};

/** Certificates the e-certificate wallet (电子证照) holds for each person. */
export const E_CERTIFICATES: Record<string, LookupResult> = {
  [OUYANG]: {
    summary: { count: 3 },
    rows: [
      { name: '居民身份证', issuer: '苏州市公安局姑苏分局', number: '3205**********0013', validTo: '长期' },
      { name: '社会保障卡', issuer: '苏州市人力资源和社会保障局', number: 'C1****9021', validTo: '2027-03-01' },
      { name: '老年人优待证', issuer: '苏州市民政局', number: 'LN2021****0317', validTo: '长期' },
    ],
  },
  [WANG]: {
    summary: { count: 3 },
    rows: [
      { name: '居民身份证', issuer: '苏州市公安局姑苏分局', number: '3205**********0029', validTo: '2030-05-20' },
      { name: '机动车驾驶证', issuer: '苏州市公安局交通警察支队', number: '3205**********0029', validTo: '2031-06-30' },
      { name: '结婚证', issuer: '苏州市姑苏区民政局', number: 'J320508-2018-****12', validTo: '长期' },
    ],
  },
  [LIN]: { summary: { count: 1 }, rows: [{ name: '居民身份证', issuer: '景洪市公安局', number: '5328**********0028', validTo: '2029-08-01' }] },
};

/**
 * The citizen's e-government QR code (e.g. 苏服码) as the scanner reads it, and whose card it is.
 * A real code is a short-lived signed token; these demo tokens never expire.
 */
export const EGOV_QR_CODES: Record<string, string> = {
  'https://zwfw.example.gov.cn/qr/3205-0001': OUYANG,
  'https://zwfw.example.gov.cn/qr/3205-0002': WANG,
  'https://zwfw.example.gov.cn/qr/5328-0003': LIN,
};

/** Staffed windows by queue (business type), with the letter of their ticket numbers. */
export const QUEUES: Record<string, { letter: string; window: string; windowEn: string; waiting: number }> = {
  'social-security': { letter: 'A', window: '3号、4号窗口', windowEn: 'Windows 3 and 4', waiting: 5 },
  'housing-fund': { letter: 'B', window: '7号窗口', windowEn: 'Window 7', waiting: 2 },
  'real-estate': { letter: 'C', window: '10号至12号窗口', windowEn: 'Windows 10 to 12', waiting: 8 },
  'household': { letter: 'D', window: '15号窗口', windowEn: 'Window 15', waiting: 3 },
  'business': { letter: 'E', window: '18号、19号窗口', windowEn: 'Windows 18 and 19', waiting: 6 },
  'general': { letter: 'F', window: '1号综合窗口', windowEn: 'General window 1', waiting: 1 },
};

export { OUYANG, LIN, WANG, CHAN, SMITH, MUELLER };
