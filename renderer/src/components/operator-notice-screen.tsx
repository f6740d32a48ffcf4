// Both languages at once: the operator's notice addresses whoever walks up, whatever the kiosk's language.
const TEXT = {
  'zh-CN': { title: '本机暂停服务', body: '请使用其他自助终端或到人工窗口办理。', call: '如需帮助，请联系维护人员：' },
  en: { title: 'This kiosk is out of service', body: 'Please use another kiosk or a staffed window.', call: 'For help, call the maintainer:' },
} as const;

/**
 * The out-of-service screen a fleet operator turns on (RPC `setOutOfService`, docs/protocol.md §5),
 * with the operator's message. The app shows it only outside a citizen's service: one already
 * running finishes first.
 */
export function OperatorNoticeScreen({ message, phone }: { message: string | null; phone: string }) {
  return (
    <main className="screen out-of-service operator-notice" role="alert" data-testid="operator-out-of-service">
      {(['zh-CN', 'en'] as const).map((l) => (
        <section key={l} lang={l}>
          <h1>{TEXT[l].title}</h1>
          <p className="instruction">{TEXT[l].body}</p>
          {phone && (
            <p className="instruction">
              {TEXT[l].call} <strong>{phone}</strong>
            </p>
          )}
        </section>
      ))}
      {message && (
        <p className="instruction operator-message" data-testid="operator-message">
          {message}
        </p>
      )}
    </main>
  );
}
