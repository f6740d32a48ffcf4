import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useHost } from '../host/host-context.js';

// Kept here rather than in the shared i18n files: this screen belongs to the recovery layer and
// must render even when nothing else of the app works.
const TEXT = {
  'zh-CN': { title: '本机暂停服务', body: '终端服务暂时无法恢复，正在自动重试。请使用其他自助终端或到人工窗口办理。', call: '如需帮助，请联系维护人员：' },
  en: { title: 'This kiosk is out of service', body: 'The kiosk service could not recover; it keeps retrying. Please use another kiosk or a staffed window.', call: 'For help, call the maintainer:' },
} as const;

/** Whether recovery is taken as failed (the host unreachable longer than allowed). */
export function useRecoveryFailed(): boolean {
  const host = useHost();
  const [failed, setFailed] = useState(host.recoveryFailed());
  useEffect(() => {
    setFailed(host.recoveryFailed());
    return host.onRecoveryFailed(setFailed);
  }, [host]);
  return failed;
}

/**
 * The out-of-service screen after failed recovery: the host has been unreachable longer than
 * `recovery.outOfServiceAfterSec` (restarts with back-off did not bring it back). It covers
 * everything, names the maintainer's phone number, and goes away by itself when the host returns.
 */
export function HostUnreachableScreen() {
  const host = useHost();
  const { i18n } = useTranslation();
  const failed = useRecoveryFailed();
  if (!failed) return null;
  const text = i18n.language === 'en' ? TEXT.en : TEXT['zh-CN'];
  const phone = host.info?.hall.maintainerPhone ?? '';
  return (
    <div className="overlay host-unreachable" role="alert" data-testid="host-unreachable" style={{ zIndex: 100 }}>
      <div className="dialog">
        <h1>{text.title}</h1>
        <p className="instruction">{text.body}</p>
        {phone && (
          <p className="instruction">
            {text.call} <strong data-testid="maintainer-phone">{phone}</strong>
          </p>
        )}
      </div>
    </div>
  );
}
