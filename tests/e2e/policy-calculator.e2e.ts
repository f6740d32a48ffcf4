import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { openKioskPage } from './support/browser.js';
import { kioskSuite } from './support/kiosk-suite.js';
import { identifyWithCard, openService, rateAndFinish, waitForStep } from './support/kiosk-ui.js';

/** Tap one answer per question, in the order asked, checking each question is the one expected. */
async function answer(page: Page, answers: [string, string][]): Promise<void> {
  for (const [name, value] of answers) {
    await page.locator(`[data-testid="calc-question"][data-question="${name}"]`).waitFor();
    await page.getByTestId(`calc-option-${name}-${value}`).tap();
  }
}

describe('惠民政策计算器: subsidies estimated from rules kept as data', () => {
  const suite = kioskSuite({ config: { ui: { idleTimeoutSec: 120, idleWarningSec: 10 } } });

  it('without a card: an 80-year-old on 低保 living alone gets three subsidies, totals shown and printed', async () => {
    // The page keeps its content security policy (script-src 'self'): the rules evaluate without eval.
    const { page, errors } = await openKioskPage(suite.browser, suite.kiosk.url);
    await openService(page, 'elderly-subsidy-calculator');
    await page.getByTestId('identify-offer').waitFor();
    await page.getByTestId('skip-identify').tap();
    await waitForStep(page, 'calculate');
    await answer(page, [['age', '80'], ['hukou', 'local'], ['alone', 'true']]);
    // A wrong tap can be taken back.
    await page.locator('[data-testid="calc-question"][data-question="disability"]').waitFor();
    await page.getByTestId('calc-previous').tap();
    await page.locator('[data-testid="calc-question"][data-question="alone"]').waitFor();
    assert.equal(await page.getByTestId('calc-option-alone-true').getAttribute('aria-checked'), 'true');
    await answer(page, [['alone', 'true'], ['disability', '0'], ['support', 'dibao'], ['income', '500']]);

    await page.getByTestId('calc-result').waitFor();
    const items = page.getByTestId('calc-item');
    assert.deepEqual(await items.evaluateAll((els) => els.map((e) => e.getAttribute('data-rule'))), ['longevity-allowance', 'elderly-care-subsidy', 'minimum-living-allowance']);
    assert.deepEqual(await page.getByTestId('calc-item-amount').allInnerTexts(), ['每月 ¥100.00', '每月 ¥300.00', '每月 ¥600.00']);
    assert.equal(await page.getByTestId('calc-total-month').innerText(), '¥1,000.00');
    assert.equal(await page.getByTestId('calc-total-year').innerText(), '¥12,000.00');
    const longevity = await items.first().innerText();
    assert.match(longevity, /高龄津贴/);
    assert.match(longevity, /老年人权益保障法/);
    assert.match(longevity, /户口簿/);
    assert.match(await page.getByTestId('calc-estimate').innerText(), /以部门审核为准/);

    await page.getByTestId('calc-print').tap();
    await page.getByTestId('take-receipt').waitFor({ timeout: 15_000 });
    await page.getByTestId('next').tap();
    await rateAndFinish(page, 5);
    assert.deepEqual(errors, []);
    await page.context().close();
  });

  it('with the ID card the age is filled in; a non-local household gets nothing, said plainly', async () => {
    const { page, errors } = await openKioskPage(suite.browser, suite.kiosk.url);
    await openService(page, 'elderly-subsidy-calculator');
    await page.getByTestId('use-card').tap();
    await identifyWithCard(page, 'ouyang'); // born 1956
    await waitForStep(page, 'calculate');
    // The age question is not asked: the first question is the household registration.
    await answer(page, [['hukou', 'other'], ['alone', 'false'], ['disability', '0'], ['support', 'none'], ['income', '5000']]);
    await page.getByTestId('calc-result').waitFor();
    assert.match(await page.getByTestId('calc-empty').innerText(), /没有找到您可以申请的补贴/);
    assert.equal(await page.getByTestId('calc-item').count(), 0);
    assert.equal(await page.getByTestId('calc-total').count(), 0);
    assert.equal(await page.getByTestId('calc-print').count(), 0);
    assert.match(await page.getByTestId('calc-estimate').innerText(), /以部门审核为准/);
    await page.locator('.calc-answers summary').tap();
    assert.equal(await page.getByTestId('calc-answer-age').innerText(), `${new Date().getFullYear() - 1956} 岁（根据身份证）`);

    // Changing the answers recalculates: the same citizen with a local registration, living alone on 低保.
    await page.getByTestId('calc-change').tap();
    await answer(page, [['hukou', 'local'], ['alone', 'true'], ['disability', '0'], ['support', 'dibao'], ['income', '0']]);
    await page.getByTestId('calc-result').waitFor();
    const ids = await page.getByTestId('calc-item').evaluateAll((els) => els.map((e) => e.getAttribute('data-rule')));
    assert.ok(ids.includes('minimum-living-allowance') && ids.includes('elderly-care-subsidy'), ids.join());
    await page.getByTestId('next').tap();
    await rateAndFinish(page, 4);
    assert.deepEqual(errors, []);
    await page.context().close();
  });

  it('in English', async () => {
    const { page, errors } = await openKioskPage(suite.browser, suite.kiosk.url);
    await page.getByTestId('lang-switch').tap();
    await openService(page, 'elderly-subsidy-calculator');
    await page.getByTestId('skip-identify').tap();
    await answer(page, [['age', '59'], ['hukou', 'local'], ['alone', 'false'], ['disability', '1'], ['support', 'none'], ['income', '5000']]);
    await page.getByTestId('calc-result').waitFor();
    assert.match(await page.getByTestId('calc-item').innerText(), /Care subsidy for severely disabled people/);
    assert.equal(await page.getByTestId('calc-total-month').innerText(), 'CN¥200.00');
    assert.match(await page.getByTestId('calc-estimate').innerText(), /The department decides/);
    await page.getByTestId('cancel').tap();
    await page.getByTestId('home').waitFor();
    assert.deepEqual(errors, []);
    await page.context().close();
  });
});
