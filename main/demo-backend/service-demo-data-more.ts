/**
 * Demo records for the hall-sized catalogue's lookups: one table per query, keyed by the
 * synthetic demo cards' ID numbers (none is a real person). A person with no entry gets `not-found`,
 * which the kiosk shows as "no record".
 */
import { DEMO_ENTERPRISES } from './registry-demo-data.js';
import { CHAN, LIN, OUYANG, WANG, type LookupResult } from './service-demo-data.js';

/** The companies of the business registry's demo data where this person is the representative or an agent. */
function businessRecords(idNumber: string): LookupResult | undefined {
  const rows = DEMO_ENTERPRISES.flatMap((e) => {
    if (e.representative.idNumber === idNumber) return [{ name: e.name, uscc: e.uscc, role: e.entityType === 'company' ? '法定代表人' : '经营者', status: '存续' }];
    if (e.agents.some((a) => a.idNumber === idNumber)) return [{ name: e.name, uscc: e.uscc, role: '授权经办人', status: '存续' }];
    return [];
  });
  return rows.length ? { summary: { count: rows.length }, rows } : undefined;
}
const withRecords = (ids: string[]): Record<string, LookupResult> =>
  Object.fromEntries(ids.flatMap((id) => {
    const r = businessRecords(id);
    return r ? [[id, r]] : [];
  }));

export const MORE_LOOKUPS: Record<string, Record<string, LookupResult>> = {
  'medical-insurance-balance': {
    [OUYANG]: { summary: { account: '3205****0013', balance: 4321.6, status: '退休人员医保' }, rows: [{ date: '2025-10-08', place: '苏州市立医院', amount: -86.4 }, { date: '2025-09-01', place: '个人账户划入', amount: 320 }] },
    [WANG]: { summary: { account: '3205****0029', balance: 12890.05, status: '在职参保' }, rows: [{ date: '2025-10-12', place: '园区社区卫生服务中心', amount: -42.5 }] },
  },
  'pension-payments': {
    [OUYANG]: { summary: { monthly: 4862.3, since: '2016-03', bank: '中国工商银行' }, rows: [{ month: '2025-11', amount: 4862.3 }, { month: '2025-10', amount: 4862.3 }, { month: '2025-09', amount: 4862.3 }] },
  },
  'tax-records': {
    [WANG]: { summary: { year: '2025', total: 9216 }, rows: [{ month: '2025-10', payer: '苏州工业园区星海软件有限公司', amount: 1024 }, { month: '2025-09', payer: '苏州工业园区星海软件有限公司', amount: 1024 }] },
    [CHAN]: { summary: { year: '2025', total: 2760 }, rows: [{ month: '2025-10', payer: '苏州狮山精密机械有限公司', amount: 276 }] },
  },
  'vaccination-records': {
    [LIN]: { summary: { doses: 14 }, rows: [{ date: '2021-11-02', vaccine: '流感疫苗', clinic: '景洪市疾控中心' }, { date: '2019-05-20', vaccine: '乙肝疫苗（加强）', clinic: '景洪市第一人民医院' }] },
    [WANG]: { summary: { doses: 19 }, rows: [{ date: '2024-10-15', vaccine: '流感疫苗', clinic: '园区社区卫生服务中心' }] },
  },
  'traffic-violations': {
    [WANG]: { summary: { vehicles: '苏E·8****', points: 3 }, rows: [{ date: '2025-08-03', plate: '苏E·8****', what: '不按导向车道行驶', fine: 100 }] },
  },
  'unemployment-status': {
    [LIN]: { summary: { status: '未登记失业', months: 0 }, rows: [] },
  },
  'school-enrolment-result': {
    [WANG]: { summary: { school: '苏州工业园区星海小学', status: '已录取' }, rows: [{ date: '2025-06-20', what: '报名审核通过' }, { date: '2025-07-10', what: '学校分配完成' }] },
  },
  'marriage-record': {
    [OUYANG]: { summary: { status: '已婚' }, rows: [{ date: '1981-10-01', what: '结婚登记', office: '苏州市沧浪区民政局' }] },
    [WANG]: { summary: { status: '已婚' }, rows: [{ date: '2017-05-20', what: '结婚登记', office: '苏州工业园区民政局' }] },
  },
  'business-records': withRecords([OUYANG, LIN, WANG, CHAN]),
  'tax-payment-proof': {
    [WANG]: {
      summary: { period: '2025-01 至 2025-10', total: 9216, proofNo: '(2025)苏电个证 0320508 号' },
      rows: [{ month: '2025-10', item: '个人所得税（工资薪金）', amount: 1024 }, { month: '2025-09', item: '个人所得税（工资薪金）', amount: 1024 }, { month: '2025-08', item: '个人所得税（工资薪金）', amount: 1024 }],
    },
    [CHAN]: { summary: { period: '2025-01 至 2025-10', total: 2760, proofNo: '(2025)苏电个证 0810000 号' }, rows: [{ month: '2025-10', item: '个人所得税（工资薪金）', amount: 276 }] },
  },
  'housing-contract-records': {
    [WANG]: { summary: { count: 1 }, rows: [{ contractNo: 'SZ-YQ-2019-0654321', project: '星湖花园', area: 118.7, price: 4150000, date: '2019-04-18' }] },
    [OUYANG]: { summary: { count: 0 }, rows: [] },
  },
};
