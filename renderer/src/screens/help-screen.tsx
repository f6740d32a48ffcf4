import { useTranslation } from 'react-i18next';
import { Icon } from '../icons/icons.js';

/** Help: how to use the kiosk and the hall's maintainer phone number (from the config). */
export function HelpScreen({ phone, hallName, onClose }: { phone: string; hallName: string; onClose(): void }) {
  const { t } = useTranslation();
  const tips = t('help.tips', { returnObjects: true }) as string[];
  return (
    <div className="overlay" role="dialog" aria-modal="true" aria-labelledby="help-title" data-testid="help">
      <div className="dialog help-dialog">
        <h2 id="help-title">
          <Icon name="help" /> {t('help.title')}
        </h2>
        <ul className="help-tips">
          {tips.map((tip) => (
            <li key={tip}>{tip}</li>
          ))}
        </ul>
        <p>{t('help.body')}</p>
        <p className="help-phone">
          <Icon name="phone" /> <span className="help-hall">{hallName}</span> · {t('help.phoneLabel')}
          {t('common.colon')}
          <b data-testid="maintainer-phone">{phone}</b>
        </p>
        <button type="button" className="btn btn-primary btn-xl" onClick={onClose} data-testid="help-close">
          {t('help.close')}
        </button>
      </div>
    </div>
  );
}
