import type { EntityType, PersonRole } from '../../documents/license/license-data.js';

/**
 * Synthetic registry entries for the embedded demo back end. None is a real enterprise; every code
 * passes the GB 32100 check (registry-routes.test.ts proves it). The persons' ID numbers match the
 * simulated ID cards in drivers/sim/demo-cards.ts, so the kiosk flow can be walked end to end:
 * ouyang, lin and chan are representatives; wang is an authorised agent; smith and mueller are
 * representatives of other entities, so they are refused on the three named ones.
 */
export interface DemoEnterprise {
  uscc: string;
  name: string;
  entityType: EntityType;
  typeText: string;
  representative: { role: PersonRole; name: string; idNumber: string };
  /** Further persons who may print (authorised agents). */
  agents: { name: string; idNumber: string }[];
  businessScope: string;
  capital: string | null;
  compositionForm: string | null;
  establishedDate: string;
  termFrom: string | null;
  termTo: string | 'long-term' | null;
  address: string;
  registrationAuthority: string;
  issueDate: string;
  originalCopies: number;
  duplicateCopies: number;
}

const LONG_SCOPE =
  '一般项目：技术服务、技术开发、技术咨询、技术交流、技术转让、技术推广；软件开发；信息系统集成服务；信息技术咨询服务；' +
  '数据处理和存储支持服务；计算机系统服务；网络技术服务；人工智能应用软件开发；人工智能基础软件开发；物联网技术服务；' +
  '计算机软硬件及辅助设备批发；计算机软硬件及辅助设备零售；电子产品销售；通讯设备销售；办公设备销售；办公用品销售；' +
  '文具用品零售；会议及展览服务；企业管理咨询；市场调查（不含涉外调查）；广告设计、代理；广告制作；广告发布；' +
  '图文设计制作；专业设计服务；工业设计服务；平面设计；数字内容制作服务（不含出版发行）；货物进出口；技术进出口；' +
  '智能控制系统集成；安全技术防范系统设计施工服务；信息安全设备销售；网络设备销售；云计算装备技术服务；' +
  '互联网数据服务；大数据服务；区块链技术相关软件和服务；住房租赁；非居住房地产租赁；物业管理；' +
  '教育咨询服务（不含涉许可审批的教育培训活动）；业务培训（不含教育培训、职业技能培训等需取得许可的培训）；' +
  '（除依法须经批准的项目外，凭营业执照依法自主开展经营活动）' +
  '许可项目：第二类增值电信业务；互联网信息服务；建设工程施工（依法须经批准的项目，经相关部门批准后方可开展经营活动，' +
  '具体经营项目以审批结果为准）';

export const DEMO_ENTERPRISES: readonly DemoEnterprise[] = [
  {
    uscc: '91320508MA1MXK2C87',
    name: '苏州古城示例科技有限公司',
    entityType: 'company',
    typeText: '有限责任公司（自然人投资或控股）',
    representative: { role: 'legal-representative', name: '欧阳晓明', idNumber: '320508195602290013' },
    agents: [{ name: '王芳', idNumber: '320508199001010029' }],
    businessScope:
      '一般项目：软件开发；信息系统集成服务；信息技术咨询服务；计算机软硬件及辅助设备零售；电子产品销售；' +
      '（除依法须经批准的项目外，凭营业执照依法自主开展经营活动）',
    capital: '壹仟万元整',
    compositionForm: null,
    establishedDate: '2016-03-01',
    termFrom: '2016-03-01',
    termTo: 'long-term',
    address: '苏州市姑苏区人民路100号',
    registrationAuthority: '苏州市姑苏区市场监督管理局',
    issueDate: '2023-06-15',
    originalCopies: 1,
    duplicateCopies: 3,
  },
  {
    uscc: '92320508MA7TQ3H5P8',
    name: '姑苏区林记早餐店',
    entityType: 'sole-proprietorship',
    typeText: '个体工商户',
    representative: { role: 'operator', name: '林小', idNumber: '532801200107150028' },
    agents: [],
    businessScope: '许可项目：餐饮服务；食品小作坊经营（依法须经批准的项目，经相关部门批准后方可开展经营活动，具体经营项目以审批结果为准）',
    capital: null,
    compositionForm: '个人经营',
    establishedDate: '2022-04-18',
    termFrom: null,
    termTo: null,
    address: '苏州市姑苏区十全街25号',
    registrationAuthority: '苏州市姑苏区市场监督管理局',
    issueDate: '2022-04-18',
    originalCopies: 1,
    duplicateCopies: 2,
  },
  {
    uscc: '93320505MA2NLRW61U',
    name: '苏州高新区示例农产品专业合作社',
    entityType: 'cooperative',
    typeText: '农民专业合作社',
    representative: { role: 'legal-representative', name: '陳大文', idNumber: '81000019800102001X' },
    agents: [],
    businessScope:
      '组织收购、销售成员种植的蔬菜、水果；引进新技术、新品种，开展与农业生产经营有关的技术培训、技术交流和信息咨询服务。' +
      '（依法须经批准的项目，经相关部门批准后方可开展经营活动）',
    capital: '伍拾万元整',
    compositionForm: null,
    establishedDate: '2021-09-09',
    termFrom: '2021-09-09',
    termTo: 'long-term',
    address: '苏州市虎丘区狮山路88号',
    registrationAuthority: '苏州高新区（虎丘区）市场监督管理局',
    issueDate: '2021-09-09',
    originalCopies: 1,
    duplicateCopies: 2,
  },
  {
    uscc: '91320508MA1W2X3Y4C',
    name: '苏州平江示例信息技术有限公司',
    entityType: 'company',
    typeText: '有限责任公司（自然人独资）',
    representative: { role: 'legal-representative', name: '王芳', idNumber: '320508199001010029' },
    agents: [],
    // Long enough to need shrinking and the overflow area on both sheets.
    businessScope: LONG_SCOPE,
    capital: '伍佰万元整',
    compositionForm: null,
    establishedDate: '2019-11-20',
    termFrom: '2019-11-20',
    termTo: '2049-11-19',
    address: '苏州市姑苏区平江路200号平江创意园3幢一层101室至105室及二层201室',
    registrationAuthority: '苏州市姑苏区市场监督管理局',
    issueDate: '2024-02-01',
    originalCopies: 1,
    duplicateCopies: 3,
  },
  {
    uscc: '91320594MA27HB5Q6B',
    name: '苏州工业园区示例精密机械股份有限公司',
    entityType: 'company',
    typeText: '股份有限公司（外商投资、未上市）',
    representative: { role: 'legal-representative', name: '史密斯', idNumber: 'USA320075041201' },
    agents: [{ name: '欧阳晓明', idNumber: '320508195602290013' }],
    businessScope: '一般项目：通用设备制造（不含特种设备制造）；机械零件、零部件加工；货物进出口；技术进出口。（除依法须经批准的项目外，凭营业执照依法自主开展经营活动）',
    capital: '叁仟万元整',
    compositionForm: null,
    establishedDate: '2018-05-08',
    termFrom: '2018-05-08',
    termTo: '2068-05-07',
    address: '苏州工业园区星湖街328号',
    registrationAuthority: '苏州工业园区市场监督管理局',
    issueDate: '2023-01-10',
    originalCopies: 1,
    duplicateCopies: 5,
  },
  {
    uscc: '91320505MA1NQK8C3A',
    name: '苏州示例创业投资合伙企业（有限合伙）',
    entityType: 'partnership',
    typeText: '有限合伙企业',
    representative: { role: 'executive-partner', name: '穆安娜', idNumber: '93284019850612001X' },
    agents: [],
    businessScope: '一般项目：创业投资（限投资未上市企业）；以私募基金从事股权投资、投资管理、资产管理等活动（须在中国证券投资基金业协会完成登记备案后方可从事经营活动）。',
    capital: '贰亿元整',
    compositionForm: null,
    establishedDate: '2017-08-21',
    termFrom: '2017-08-21',
    termTo: '2037-08-20',
    address: '苏州市虎丘区科灵路78号',
    registrationAuthority: '苏州高新区（虎丘区）市场监督管理局',
    issueDate: '2020-12-03',
    originalCopies: 1,
    duplicateCopies: 2,
  },
  {
    uscc: '91320508MA22LL7T8Q',
    name: '苏州古城示例科技有限公司观前分公司',
    entityType: 'branch',
    typeText: '有限责任公司分公司（自然人投资或控股）',
    representative: { role: 'person-in-charge', name: '王芳', idNumber: '320508199001010029' },
    agents: [{ name: '欧阳晓明', idNumber: '320508195602290013' }],
    businessScope: '一般项目：在隶属企业经营范围内从事软件销售、技术服务及售后服务。（除依法须经批准的项目外，凭营业执照依法自主开展经营活动）',
    capital: null,
    compositionForm: null,
    establishedDate: '2020-07-07',
    termFrom: '2020-07-07',
    termTo: 'long-term',
    address: '苏州市姑苏区观前街1号',
    registrationAuthority: '苏州市姑苏区市场监督管理局',
    issueDate: '2020-07-07',
    originalCopies: 1,
    duplicateCopies: 2,
  },
  {
    uscc: '91320506MA7EJ3K404',
    name: '苏州吴中示例食品贸易有限公司',
    entityType: 'company',
    typeText: '有限责任公司（自然人投资或控股）',
    representative: { role: 'legal-representative', name: '林小', idNumber: '532801200107150028' },
    agents: [],
    businessScope: '许可项目：食品销售（依法须经批准的项目，经相关部门批准后方可开展经营活动）。一般项目：食用农产品批发；食用农产品零售；日用百货销售。',
    capital: '贰佰万元整',
    compositionForm: null,
    establishedDate: '2021-12-30',
    termFrom: '2021-12-30',
    termTo: 'long-term',
    address: '苏州市吴中区东吴北路99号',
    registrationAuthority: '苏州市吴中区市场监督管理局',
    issueDate: '2021-12-30',
    originalCopies: 1,
    duplicateCopies: 3,
  },
  {
    uscc: '91320582MA25PF1R9Q',
    name: '张家港示例物流合伙企业（普通合伙）',
    entityType: 'partnership',
    typeText: '普通合伙企业',
    representative: { role: 'executive-partner', name: '欧阳晓明', idNumber: '320508195602290013' },
    agents: [],
    businessScope: '一般项目：普通货物仓储服务（不含危险化学品等需许可审批的项目）；国内货物运输代理；装卸搬运。',
    capital: '壹佰万元整',
    compositionForm: null,
    establishedDate: '2021-03-15',
    termFrom: '2021-03-15',
    termTo: '2041-03-14',
    address: '张家港市杨舍镇港城大道567号',
    registrationAuthority: '张家港市市场监督管理局',
    issueDate: '2021-03-15',
    originalCopies: 1,
    duplicateCopies: 2,
  },
  {
    uscc: '92320506MA1P8KD23E',
    name: '吴中区陈记家庭农场',
    entityType: 'sole-proprietorship',
    typeText: '个体工商户',
    representative: { role: 'operator', name: '陳大文', idNumber: '81000019800102001X' },
    agents: [],
    businessScope: '一般项目：谷物种植；蔬菜种植；水果种植；农业专业及辅助性活动。',
    capital: null,
    compositionForm: '家庭经营',
    establishedDate: '2019-04-01',
    termFrom: null,
    termTo: null,
    address: '苏州市吴中区临湖镇石舍村12号',
    registrationAuthority: '苏州市吴中区市场监督管理局',
    issueDate: '2019-04-01',
    originalCopies: 1,
    duplicateCopies: 1,
  },
  {
    uscc: '91320594MA1MYN6B9Y',
    name: '苏州工业园区示例银行服务外包有限公司',
    entityType: 'company',
    typeText: '有限责任公司（非自然人投资或控股的法人独资）',
    representative: { role: 'legal-representative', name: '穆安娜', idNumber: '93284019850612001X' },
    agents: [{ name: '王芳', idNumber: '320508199001010029' }],
    businessScope: '一般项目：业务流程外包；数据处理服务；呼叫中心（不含需许可审批的项目）。（除依法须经批准的项目外，凭营业执照依法自主开展经营活动）',
    capital: '捌佰万元整',
    compositionForm: null,
    establishedDate: '2016-10-10',
    termFrom: '2016-10-10',
    termTo: '2046-10-09',
    address: '苏州工业园区苏州大道东265号',
    registrationAuthority: '苏州工业园区市场监督管理局',
    issueDate: '2022-08-08',
    originalCopies: 1,
    duplicateCopies: 3,
  },
];
