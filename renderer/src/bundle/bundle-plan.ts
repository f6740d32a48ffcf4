import type { MergedForm } from '../../../contracts/bundle-form.js';
import type { LocalizedText, ServiceDefinition, Step } from '../../../contracts/service-definition.js';

/**
 * A bundle as the flow machine runs it: one step list, the same for the whole visit (the optional
 * members the citizen picks and the answers change what a step shows, never which steps exist),
 * so "back" and the idle timeout work as in any service. Each step keeps a step type the machine
 * knows, which decides whether "back" may return to it; what it shows comes from its id.
 */
export type BundleStepId = 'identify' | 'choose' | 'form' | 'materials' | 'face' | 'sign' | 'confirm' | 'submit' | 'receipt';

export function bundlePlan(form: MergedForm, name: LocalizedText, description: LocalizedText): ServiceDefinition {
  const text = (zh: string, en: string): LocalizedText => ({ 'zh-CN': zh, en });
  const steps: Step[] = [{ id: 'identify', type: 'identify', method: 'idcard', accept: form.accept, optional: false }];
  if (form.members.some((m) => m.optional)) steps.push({ id: 'choose', type: 'notice', body: [text('选择办理事项', 'Choose what to do')], requireAccept: false });
  steps.push({ id: 'form', type: 'form', fields: form.fields.slice(0, 1).map((f) => f.field), timeoutSec: form.formTimeoutSec });
  if (form.materials.length) steps.push({ id: 'materials', type: 'notice', body: [text('材料', 'Materials')], requireAccept: false });
  if (form.face) steps.push({ ...form.face.step, id: 'face' });
  if (form.sign) steps.push({ ...form.sign.step, id: 'sign' });
  steps.push({ id: 'confirm', type: 'confirm' }, { id: 'submit', type: 'submit', withIdentity: true }, { id: 'receipt', type: 'done' });
  return {
    id: form.bundle.id,
    name,
    description,
    department: { id: 'bundle', name },
    category: 'apply',
    icon: form.bundle.icon,
    order: form.bundle.order,
    keywords: [],
    lifeEvents: [],
    availability: { needsNetwork: false },
    materials: [],
    steps,
  };
}

/**
 * Fields per page of the merged form for a screen: few enough that a page and the docked keyboard
 * fit without scrolling, fewer in elderly mode (larger text and targets).
 */
export function fieldsPerPage(screen: { width: number; height: number }, elderly: boolean): number {
  const landscape = screen.width > screen.height;
  if (landscape) {
    if (screen.height <= 820) return elderly ? 2 : 3;
    return elderly ? 3 : 4;
  }
  return elderly ? 3 : 5;
}
