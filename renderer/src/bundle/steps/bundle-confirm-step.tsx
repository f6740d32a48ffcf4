import { useTranslation } from 'react-i18next';
import { activeMembers } from '../../../../contracts/bundle-form.js';
import { maskByRule } from '../../../../contracts/mask.js';
import { fieldMask, type FormField } from '../../../../contracts/service-definition.js';
import { useLocalized } from '../../i18n/localize.js';
import { ForwardActions } from '../../flow/forward-slot.js';
import type { StepProps } from '../../flow/step-props.js';
import { prefillDisplay } from '../../flow/steps/form-step.js';
import { useBundle } from '../bundle-context.js';

const VIA = { 'e-certificate': 'bundle.viaCertificate', camera: 'bundle.viaCamera', paper: 'bundle.viaPaper' } as const;

/**
 * One confirm page for the whole bundle, by department: what goes to which department, each value
 * masked by its dictionary rule (a name 王*, a phone 139****5678), and the materials' routes.
 * "Edit" returns to the merged form, whatever steps (materials, signature) lie in between.
 */
export function BundleConfirmStep({ ctx, next }: StepProps<'confirm'>) {
  const { t } = useTranslation();
  const { loc } = useLocalized();
  const bundle = useBundle();
  const members = activeMembers(bundle.form, ctx.values);
  const shown = (key: string, f: FormField): string => {
    if (f.prefill) return prefillDisplay(f, ctx.identity, t('form.fromCard'));
    const v = ctx.values[key] ?? '';
    if (!v) return '—';
    if (f.kind === 'select') return loc(f.options?.find((o) => o.value === v)?.label) || v;
    return maskByRule(fieldMask(f), v);
  };
  return (
    <section tabIndex={0} className="step step-confirm" data-testid="confirm">
      <h1>{t('bundle.confirmTitle')}</h1>
      <div className="bundle-list scrolls" tabIndex={0} aria-label={t('bundle.confirmTitle')} data-testid="summary">
        {members.map((m) => (
          <section key={m.service.id} className="bundle-item" data-testid={`confirm-${m.service.id}`}>
            <h2>{loc(m.service.department.name)}</h2>
            <span className="bundle-note">{loc(m.label)}</span>
            <dl className="summary">
              {bundle.form.fields
                .filter((f) => f.services.includes(m.service.id))
                .map((f) => (
                  <div key={f.key} className="summary-row">
                    <dt>{loc(f.field.label)}</dt>
                    <dd data-testid={`confirm-${m.service.id}-${f.field.name}`}>{shown(f.key, f.field)}</dd>
                  </div>
                ))}
            </dl>
          </section>
        ))}
        {bundle.form.materials.length > 0 && (
          <section className="bundle-item">
            <h2>{t('bundle.materialsTitle')}</h2>
            {bundle.form.materials.map((m) => (
              <span key={m.material.type}>
                {loc(m.material.name)}
                {t('common.colon')}
                {t(VIA[bundle.materials[m.material.type] ?? 'paper'])}
              </span>
            ))}
          </section>
        )}
      </div>
      <ForwardActions>
        <button type="button" className="btn btn-secondary btn-lg" onClick={bundle.editForm} data-testid="edit">
          {t('confirm.edit')}
        </button>
        <button type="button" className="btn btn-primary btn-lg" onClick={() => next()} data-testid="next">
          {t('confirm.submit')}
        </button>
      </ForwardActions>
    </section>
  );
}
