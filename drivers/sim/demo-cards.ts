import type { IdCard } from '../../contracts/devices.js';

/**
 * Synthetic ID cards for the simulators and the embedded demo back end. None is a real person;
 * the three named in the license-printing issue match the demo registry's authorised persons.
 * Photos are left out here: the simulator generates a 1024-byte block of its own.
 */
export interface DemoCard {
  /** Stable key used by the developer panel and tests. */
  key: string;
  label: string;
  card: Omit<IdCard, 'photo' | 'warnings'>;
}

export const DEMO_CARDS: readonly DemoCard[] = [
  {
    key: 'ouyang',
    label: '欧阳晓明 (居民身份证, 长期)',
    card: {
      cardType: 'resident',
      name: '欧阳晓明',
      englishName: null,
      gender: 'male',
      genderCode: '1',
      nation: '汉',
      nationCode: '01',
      birthDate: '1956-02-29',
      address: '江苏省苏州市姑苏区人民路100号',
      idNumber: '320508195602290013',
      issuer: '苏州市公安局姑苏分局',
      validFrom: '2016-03-01',
      validTo: 'long-term',
      nationality: null,
      passNumber: null,
      issueCount: null,
    },
  },
  {
    key: 'lin',
    label: '林小 (居民身份证, 傣族)',
    card: {
      cardType: 'resident',
      name: '林小',
      englishName: null,
      gender: 'female',
      genderCode: '2',
      nation: '傣',
      nationCode: '18',
      birthDate: '2001-07-15',
      address: '云南省景洪市勐泐大道18号',
      idNumber: '532801200107150028',
      issuer: '景洪市公安局',
      validFrom: '2019-08-01',
      validTo: '2029-08-01',
      nationality: null,
      passNumber: null,
      issueCount: null,
    },
  },
  {
    key: 'wang',
    label: '王芳 (居民身份证)',
    card: {
      cardType: 'resident',
      name: '王芳',
      englishName: null,
      gender: 'female',
      genderCode: '2',
      nation: '汉',
      nationCode: '01',
      birthDate: '1990-01-01',
      address: '江苏省苏州市姑苏区十全街25号',
      idNumber: '320508199001010029',
      issuer: '苏州市公安局姑苏分局',
      validFrom: '2020-01-01',
      validTo: '2040-01-01',
      nationality: null,
      passNumber: null,
      issueCount: null,
    },
  },
  {
    key: 'chan',
    label: '陳大文 (港澳台居民居住证)',
    card: {
      cardType: 'hmt-residence',
      name: '陳大文',
      englishName: null,
      gender: 'male',
      genderCode: '1',
      nation: null,
      nationCode: null,
      birthDate: '1980-01-02',
      address: '江苏省苏州市虎丘区狮山路88号',
      idNumber: '81000019800102001X',
      issuer: '苏州市公安局虎丘分局',
      validFrom: '2021-05-10',
      validTo: '2026-05-10',
      nationality: null,
      passNumber: 'H01234567',
      issueCount: '02',
    },
  },
  {
    key: 'smith',
    label: 'SMITH JOHN (外国人永久居留身份证 2017)',
    card: {
      cardType: 'foreign-permanent-2017',
      name: '史密斯',
      englishName: 'SMITH JOHN',
      gender: 'male',
      genderCode: '1',
      nation: null,
      nationCode: null,
      birthDate: '1975-04-12',
      address: null,
      idNumber: 'USA320075041201',
      issuer: null,
      validFrom: '2018-06-01',
      validTo: '2028-06-01',
      nationality: 'USA',
      passNumber: null,
      issueCount: null,
    },
  },
  {
    key: 'mueller',
    label: 'MUELLER ANNA (外国人永久居留身份证 2023)',
    card: {
      cardType: 'foreign-permanent-2023',
      name: '穆安娜',
      englishName: 'MUELLER ANNA',
      gender: 'female',
      genderCode: '2',
      nation: null,
      nationCode: null,
      birthDate: '1985-06-12',
      address: null,
      idNumber: '93284019850612001X',
      issuer: null,
      validFrom: '2024-01-15',
      validTo: '2034-01-15',
      nationality: 'DEU',
      passNumber: null,
      issueCount: null,
    },
  },
];

export function findDemoCard(key: string): DemoCard | undefined {
  return DEMO_CARDS.find((c) => c.key === key);
}
