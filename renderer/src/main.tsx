import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app.js';
import { HostUnreachableScreen } from './components/host-unreachable-screen.js';
import { HostClient } from './host/client.js';
import { HostContext } from './host/host-context.js';
import { installWedge } from './devices/wedge-input.js';
import { WedgeScans } from './devices/wedge-scans.js';
import { initI18n, setLocale } from './i18n/index.js';
import './styles.css';

const client = new HostClient();
// A keyboard-wedge scanner is read here (devices/), not by the host: the client serves scans from it.
const wedgeScans = new WedgeScans();
client.setScanSource(wedgeScans);
initI18n('zh-CN');
// The config's locale applies at every (re)connect, before the first screen is read.
let uninstallWedge: (() => void) | null = null;
let configLocale: string | null = null;
client.on('host.hello', (info) => {
  configLocale = info.locale;
  setLocale(info.locale);
  uninstallWedge?.();
  uninstallWedge = info.scannerWedge ? installWedge(info.scannerWedge, (data) => wedgeScans.deliver(data)) : null;
});
// A remote config may change the kiosk's language; an out-of-service notice leaves the citizen's choice alone.
client.on('kiosk.info', (info) => {
  if (info.locale === configLocale) return;
  configLocale = info.locale;
  setLocale(info.locale);
});
client.start();

// A kiosk has no context menu, no pinch zoom and no text selection by long press.
window.addEventListener('contextmenu', (e) => e.preventDefault());
document.addEventListener('gesturestart', (e) => e.preventDefault());
window.addEventListener('wheel', (e) => e.ctrlKey && e.preventDefault(), { passive: false });

const root = document.getElementById('root');
if (!root) throw new Error('no #root element');
createRoot(root).render(
  <StrictMode>
    <HostContext.Provider value={client}>
      <App />
      <HostUnreachableScreen />
    </HostContext.Provider>
  </StrictMode>,
);
