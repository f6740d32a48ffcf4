import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { identifyWithCard, removeCard, typeKeys, typePinyin } from './kiosk-ui.js';

/** From the attract or home screen through the home screen's "一件事" entry to the bundle's first step. */
export async function openBundle(page: Page, id: string, onList?: () => Promise<void>): Promise<void> {
  await page.getByTestId('attract').or(page.getByTestId('home')).first().waitFor();
  if (await page.getByTestId('attract').count()) await page.getByTestId('start').tap();
  await page.getByTestId('home').waitFor();
  await removeCard(page);
  await page.getByTestId('bundles-open').tap();
  await page.getByTestId(`bundle-${id}`).waitFor();
  await onList?.();
  await page.getByTestId(`bundle-${id}`).tap();
  await page.locator(`[data-testid="flow"][data-bundle="${id}"]`).waitFor();
}

export async function bundleStepIs(page: Page, id: string): Promise<void> {
  await page.locator(`[data-testid="flow"][data-step="${id}"]`).waitFor({ timeout: 15_000 });
}

/**
 * 新生儿出生一件事 up to its merged form: identified with wang's card, and without the optional
 * vaccination certificate (its clinic is then not asked).
 */
export async function openNewbornWithoutVaccination(page: Page): Promise<void> {
  await openBundle(page, 'newborn');
  await identifyWithCard(page, 'wang');
  await bundleStepIs(page, 'choose');
  await page.getByTestId('member-vaccination-certificate').tap();
  await page.getByTestId('next').tap();
  await bundleStepIs(page, 'form');
}

/** How each field of the newborn bundle's merged form is answered: a choice, digits, or pinyin syllables and characters. */
export const NEWBORN_ANSWERS: Record<string, { choose: string } | { digits: string } | { pinyin: [string, string][] }> = {
  relation: { choose: 'mother' },
  phone: { digits: '13912345678' },
  childName: { pinyin: [['wang', '王'], ['xiao', '小'], ['bao', '宝']] },
  childGender: { choose: 'male' },
  childBirthDate: { digits: '2026-11-30' },
  birthHospital: { pinyin: [['su', '苏'], ['zhou', '州']] },
  fatherName: { pinyin: [['li', '李'], ['qiang', '强']] },
  motherName: { pinyin: [['wang', '王'], ['fang', '芳']] },
  'newborn-medical-insurance.payment': { choose: 'tax-app' },
  'newborn-social-security-card.delivery': { choose: 'hall' },
  'vaccination-certificate.clinic': { choose: 'gusu' },
};

/**
 * Fill the merged form page by page (`onPage` runs on each page once it is filled, before "next");
 * returns how many times each field was shown to be answered (a shared field must come up once).
 */
export async function fillMergedForm(page: Page, answers = NEWBORN_ANSWERS, onPage?: (n: number) => Promise<void>): Promise<Map<string, number>> {
  const asked = new Map<string, number>();
  for (let n = 0; n < 20; n++) {
    if ((await page.locator('[data-testid="flow"][data-step="form"]').count()) === 0) return asked;
    const form = page.getByTestId('bundle-form');
    await form.waitFor();
    const pageNo = await form.getAttribute('data-page');
    for (const [key, how] of Object.entries(answers)) {
      const probe = 'choose' in how ? page.getByTestId(`field-${key}-${how.choose}`) : page.getByTestId(`field-${key}`);
      if ((await probe.count()) === 0) continue;
      asked.set(key, (asked.get(key) ?? 0) + 1);
      await probe.tap();
      if ('choose' in how) continue;
      if ('digits' in how) {
        await page.locator('[data-testid="keyboard"][data-mode="digits"]').waitFor();
        await typeKeys(page, how.digits);
      } else {
        await page.locator('[data-testid="keyboard"][data-mode="pinyin"]').waitFor();
        for (const [syllable, char] of how.pinyin) await typePinyin(page, syllable, char);
      }
    }
    await onPage?.(Number(pageNo));
    await page.getByTestId('next').tap();
    // On to the next page, or out of the form (or a problem shown, which fails below).
    await page.waitForFunction(
      `(() => { const f = document.querySelector('[data-testid="bundle-form"]'); return !f || f.getAttribute('data-page') !== ${JSON.stringify(pageNo)} || !!document.querySelector('.field-problem'); })()`,
    );
    assert.equal(await page.locator('.field-problem').count(), 0, `page ${pageNo}: ${await page.locator('.field-problem').allInnerTexts()}`);
  }
  assert.fail('the merged form did not end');
}
