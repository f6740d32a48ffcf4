import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const require = createRequire(import.meta.url);
const AXE_PATH = require.resolve('axe-core/axe.min.js');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; html: string }[];
}

/**
 * Run axe-core (injected from node_modules with addScriptTag) on what the page shows now, against
 * WCAG 2.x A/AA (incl. 2.2); returns the serious and critical violations only.
 */
export async function axeSerious(page: Page): Promise<AxeViolation[]> {
  // The test code is type-checked without the DOM library: reach the page's globals through globalThis.
  if (!(await page.evaluate(() => 'axe' in globalThis))) await page.addScriptTag({ path: AXE_PATH });
  const violations = await page.evaluate(async () => {
    const g = globalThis as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: AxeViolation[] }> }; document: unknown };
    const r = await g.axe.run(g.document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] }, resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => ({ target: n.target, html: n.html.slice(0, 160) })) }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** A readable failure message listing each violation and where it is. */
export function describeViolations(where: string, v: AxeViolation[]): string {
  return `${where}: ${v.length} serious/critical axe violation(s)\n` + v.map((x) => `- ${x.id} (${x.impact}): ${x.help}\n    ${x.nodes.map((n) => `${n.target.join(' ')} ${n.html}`).join('\n    ')}`).join('\n');
}
