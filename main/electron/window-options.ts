import type { BrowserWindowConstructorOptions } from 'electron';

/**
 * The kiosk window's options as a pure function, so the security settings are asserted by tests
 * that run without the Electron binary (Electron security checklist: context isolation, sandbox,
 * no Node integration, web security on, no insecure content, no experimental features).
 */
export function kioskWindowOptions(preloadPath: string, opts: { kiosk: boolean }): BrowserWindowConstructorOptions {
  return {
    show: false,
    kiosk: opts.kiosk,
    fullscreen: opts.kiosk,
    frame: !opts.kiosk,
    autoHideMenuBar: true,
    // A kiosk window stays on top and out of the task bar (Windows shows the bar over a kiosk window otherwise).
    alwaysOnTop: opts.kiosk,
    skipTaskbar: opts.kiosk,
    minimizable: !opts.kiosk,
    backgroundColor: '#eef2f8',
    width: 1080,
    height: 1920,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      devTools: !opts.kiosk,
      disableBlinkFeatures: 'Auxclick',
      safeDialogs: true,
      zoomFactor: 1,
    },
  };
}
