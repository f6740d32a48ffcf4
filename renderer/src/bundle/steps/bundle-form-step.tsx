import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { groupTitle, paginate, visibleFields } from '../../../../contracts/bundle-form.js';
import type { StepOf } from '../../../../contracts/service-definition.js';
import { useElderly } from '../../elderly/elderly-context.js';
import { useLocalized } from '../../i18n/localize.js';
import type { StepProps } from '../../flow/step-props.js';
import { FormStep } from '../../flow/steps/form-step.js';
import { useBundle } from '../bundle-context.js';
import { fieldsPerPage } from '../bundle-plan.js';

function useScreenSize(): { width: number; height: number } {
  const [size, setSize] = useState(() => ({ width: window.innerWidth, height: window.innerHeight }));
  useEffect(() => {
    const on = () => setSize({ width: window.innerWidth, height: window.innerHeight });
    window.addEventListener('resize', on);
    return () => window.removeEventListener('resize', on);
  }, []);
  return size;
}

/**
 * The bundle's ONE form: every field its members ask, each once, in reading order, in pages that
 * fit the screen. Each page is the ordinary form step (same fields, keyboard and checks) for the
 * page's fields; "back" goes to the previous page, and the page list shows every page and returns
 * to any page already reached.
 */
export function BundleFormStep(props: StepProps<'form'>) {
  const { ctx, next } = props;
  const { t } = useTranslation();
  const { loc } = useLocalized();
  const elderly = useElderly();
  const screen = useScreenSize();
  const bundle = useBundle();
  const [values, setValues] = useState<Record<string, string>>(() => ({ ...ctx.values }));
  const [page, setPage] = useState(0);
  const [reached, setReached] = useState(0);
  const pages = useMemo(
    () => paginate(visibleFields(bundle.form, values), fieldsPerPage(screen, elderly.on), (g) => groupTitle(bundle.form, bundle.groups, g)),
    [bundle.form, bundle.groups, values, screen, elderly.on],
  );
  const current = Math.min(page, pages.length - 1);
  useEffect(() => {
    bundle.setBackHandler(() => {
      if (current === 0) return false;
      setPage(current - 1);
      return true;
    });
    return () => bundle.setBackHandler(null);
  }, [current]);
  const sections = pages[current]?.sections ?? [];
  const step: StepOf<'form'> = {
    id: `page-${current}`,
    type: 'form',
    // The page's first group names it (a joined list of long English names would not fit a heading in elderly mode).
    title: sections[0]?.title,
    fields: sections.flatMap((s) => s.fields.map((f) => ({ ...f.field, name: f.key }))),
  };
  return (
    <div className="bundle-form" data-testid="bundle-form" data-page={current + 1} data-pages={pages.length}>
      <nav className="bundle-pages" aria-label={t('bundle.pages')} data-testid="bundle-pages">
        <span className="bundle-page-label" aria-live="polite" data-testid="bundle-page-label">
          {t('bundle.pageOf', { n: current + 1, total: pages.length })}
        </span>
        {pages.map((p, i) => (
          <button
            key={i}
            type="button"
            className={`chip${i === current ? ' chip-on' : ''}`}
            disabled={i > reached}
            aria-current={i === current ? 'step' : undefined}
            aria-label={`${t('bundle.pageOf', { n: i + 1, total: pages.length })}: ${p.sections.map((s) => loc(s.title)).join(', ')}`}
            onClick={() => setPage(i)}
            data-testid={`bundle-page-${i + 1}`}
          >
            {i + 1}
          </button>
        ))}
      </nav>
      <FormStep
        key={step.id}
        {...props}
        step={step}
        ctx={{ ...ctx, values }}
        next={(patch) => {
          const merged = { ...values, ...(patch?.values ?? {}) };
          setValues(merged);
          // An answer may bring in a conditional member, and with it more pages: count them again.
          const total = paginate(visibleFields(bundle.form, merged), fieldsPerPage(screen, elderly.on), (g) => groupTitle(bundle.form, bundle.groups, g)).length;
          if (current + 1 < total) {
            setPage(current + 1);
            setReached((r) => Math.max(r, current + 1));
          } else {
            next({ values: merged });
          }
        }}
      />
    </div>
  );
}
