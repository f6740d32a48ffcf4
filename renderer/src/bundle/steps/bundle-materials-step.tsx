import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ECertificate, MaterialRoute } from '../../../../contracts/bundle-protocol.js';
import { useHost } from '../../host/host-context.js';
import { Icon } from '../../icons/icons.js';
import { useLocalized } from '../../i18n/localize.js';
import type { StepProps } from '../../flow/step-props.js';
import { NextAction, Working } from '../../flow/steps/step-error.js';
import { useBundle } from '../bundle-context.js';

/**
 * The bundle's one set of materials: each type once, whichever members need it. Materials the
 * citizen's electronic certificates cover are not asked for (免于提交: the back end is asked each
 * time; nothing of a certificate is kept). The rest are brought on paper to a staffed window after
 * submitting (this kiosk captures no documents in a bundle). Offline, every material is asked for.
 */
export function BundleMaterialsStep({ next, onBusy }: StepProps<'notice'>) {
  const { t } = useTranslation();
  const { loc } = useLocalized();
  const host = useHost();
  const bundle = useBundle();
  const materials = bundle.form.materials;
  const [answer, setAnswer] = useState<{ online: boolean; certificates: ECertificate[] } | null>(null);
  const asked = useRef(false);
  useEffect(() => {
    if (asked.current || materials.length === 0) return;
    asked.current = true;
    onBusy(true);
    host
      .call('ecert.check', { materials: materials.map((m) => m.material.type) })
      .then(
        (r) => setAnswer(r),
        (e: unknown) => {
          // Asking is a convenience: without an answer the materials are asked for as usual.
          console.warn('ecert.check failed', e);
          setAnswer({ online: false, certificates: [] });
        },
      )
      .finally(() => onBusy(false));
  }, []);
  if (!answer && materials.length) {
    return (
      <section tabIndex={0} className="step step-notice" data-testid="bundle-materials">
        <h1>{t('bundle.materialsTitle')}</h1>
        <Working text={t('bundle.checkingCertificates')} />
      </section>
    );
  }
  const certs = answer?.certificates ?? [];
  const labelsOf = (ids: string[]) => ids.map((id) => loc(bundle.form.members.find((m) => m.service.id === id)?.label)).join('、');
  const go = () => {
    const routes: Record<string, MaterialRoute> = {};
    for (const m of materials) routes[m.material.type] = certs.some((c) => c.type === m.material.type) ? 'e-certificate' : 'paper';
    bundle.setMaterials(routes, certs);
    next();
  };
  return (
    <section tabIndex={0} className="step step-notice" data-testid="bundle-materials">
      <h1>{t('bundle.materialsTitle')}</h1>
      <p className="instruction">{answer?.online === false ? t('bundle.certificatesOffline') : t('bundle.materialsHint')}</p>
      <ul className="bundle-list" tabIndex={0} aria-label={t('bundle.materialsTitle')} data-testid="material-list">
        {materials.map((m) => {
          const cert = certs.find((c) => c.type === m.material.type);
          return (
            <li key={m.material.type} className={`bundle-item${cert ? ' bundle-item-linked' : ''}`} data-testid={`material-${m.material.type}`} data-route={cert ? 'e-certificate' : 'paper'}>
              <h2>{loc(m.material.name)}</h2>
              <span className="bundle-note">{t('bundle.neededFor', { list: labelsOf(m.services) })}</span>
              {cert ? (
                <span className="bundle-linked" data-testid={`material-${m.material.type}-linked`}>
                  <Icon name="check" /> {t('bundle.linked', { name: cert.name, issuer: cert.issuer })}
                </span>
              ) : (
                <span>{t('bundle.bringPaper')}</span>
              )}
            </li>
          );
        })}
      </ul>
      <NextAction onNext={go} />
    </section>
  );
}
