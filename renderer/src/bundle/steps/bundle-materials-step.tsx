import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { bundleMaterialScope, bundleMaterialStep } from '../../../../contracts/bundle-materials.js';
import type { ECertificate, MaterialRoute } from '../../../../contracts/bundle-protocol.js';
import { Icon } from '../../icons/icons.js';
import { useLocalized } from '../../i18n/localize.js';
import type { StepProps } from '../../flow/step-props.js';
import { CaptureDocuments } from '../../flow/steps/materials/capture-documents-step.js';
import { NextAction, Working } from '../../flow/steps/step-error.js';
import { useBundle } from '../bundle-context.js';
import { useMaterialRoutes } from './use-material-routes.js';

/**
 * The bundle's one set of materials: each type once, whichever members need it. Materials the
 * citizen's electronic certificates cover are not asked for (免于提交: the back end is asked each
 * time; nothing of a certificate is kept). The rest are photographed on the document camera when
 * the kiosk has one (each once, by the service's own capture screen; the host puts the PDF into
 * every member that needs it), else brought on paper to a staffed window after submitting; the
 * citizen may still choose paper for a material the camera cannot take. Offline, no material is
 * skipped.
 */
export function BundleMaterialsStep({ next, onBusy, phone }: StepProps<'notice'>) {
  const { t } = useTranslation();
  const bundle = useBundle();
  const materials = bundle.form.materials;
  const { answer, routes, setRoutes } = useMaterialRoutes(materials, onBusy);
  /** Index into the camera materials being captured; null: the list. */
  const [capturing, setCapturing] = useState<number | null>(null);

  const onCamera = materials.filter((m) => routes[m.material.type] === 'camera');
  // "Back" while capturing goes to the material before, then to the list.
  useEffect(() => {
    bundle.setBackHandler(() => {
      if (capturing === null) return false;
      setCapturing(capturing === 0 ? null : capturing - 1);
      return true;
    });
    return () => bundle.setBackHandler(null);
  }, [capturing]);

  if (!answer && materials.length) {
    return (
      <section tabIndex={0} className="step step-notice" data-testid="bundle-materials">
        <h1>{t('bundle.materialsTitle')}</h1>
        <Working text={t('bundle.checkingCertificates')} />
      </section>
    );
  }
  const certs = answer?.certificates ?? [];
  const finish = (final: Record<string, MaterialRoute>) => {
    bundle.setMaterials(final, certs);
    next();
  };
  const onward = (final: Record<string, MaterialRoute>, at: number) => {
    const left = materials.filter((m) => final[m.material.type] === 'camera');
    if (at < left.length) setCapturing(at);
    else finish(final);
  };

  const current = capturing !== null ? onCamera[capturing] : undefined;
  if (current) {
    const type = current.material.type;
    const paperInstead = () => {
      const final = { ...routes, [type]: 'paper' as const };
      setRoutes(final);
      // The paper one leaves the camera list: the next material takes its index.
      onward(final, capturing!);
    };
    return (
      <CaptureDocuments
        key={type}
        scope={{ serviceId: bundleMaterialScope(bundle.form.bundle.id), stepId: type }}
        step={bundleMaterialStep(current.material, bundle.services)}
        onDone={() => onward(routes, capturing! + 1)}
        phone={phone}
        onBusy={onBusy}
        alternative={
          <button type="button" className="btn btn-secondary btn-lg" onClick={paperInstead} data-testid="documents-paper-instead">
            {t('bundle.paperInstead')}
          </button>
        }
      />
    );
  }

  const hint = answer?.online === false ? t('bundle.certificatesOffline') : answer?.camera ? t('bundle.materialsCameraHint') : t('bundle.materialsHint');
  return (
    <section tabIndex={0} className="step step-notice" data-testid="bundle-materials">
      <h1>{t('bundle.materialsTitle')}</h1>
      <p className="instruction">{hint}</p>
      <MaterialList certs={certs} routes={routes} />
      <NextAction onNext={() => (onCamera.length ? setCapturing(0) : finish(routes))} />
    </section>
  );
}

/** Each material once: the members that need it, and whether a certificate covers it, the camera takes it or it is brought on paper. */
function MaterialList({ certs, routes }: { certs: ECertificate[]; routes: Record<string, MaterialRoute> }) {
  const { t } = useTranslation();
  const { loc } = useLocalized();
  const bundle = useBundle();
  const materials = bundle.form.materials;
  const labelsOf = (ids: string[]) => ids.map((id) => loc(bundle.form.members.find((m) => m.service.id === id)?.label)).join('、');
  return (
  <ul className="bundle-list" tabIndex={0} aria-label={t('bundle.materialsTitle')} data-testid="material-list">
    {materials.map((m) => {
      const cert = certs.find((c) => c.type === m.material.type);
      const route = routes[m.material.type] ?? 'paper';
      return (
        <li key={m.material.type} className={`bundle-item${cert ? ' bundle-item-linked' : ''}`} data-testid={`material-${m.material.type}`} data-route={route}>
          <h2>{loc(m.material.name)}</h2>
          <span className="bundle-note">{t('bundle.neededFor', { list: labelsOf(m.services) })}</span>
          {cert ? (
            <span className="bundle-linked" data-testid={`material-${m.material.type}-linked`}>
              <Icon name="check" /> {t('bundle.linked', { name: cert.name, issuer: cert.issuer })}
            </span>
          ) : (
            <span>{route === 'camera' ? t('bundle.onCamera') : t('bundle.bringPaper')}</span>
          )}
        </li>
      );
    })}
  </ul>
  );
}
