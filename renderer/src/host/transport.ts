/** A message channel to the host: a WebSocket (browser host) or a MessagePort (Electron preload). */
export interface HostChannel {
  send(text: string): void;
  close(): void;
}

export interface ChannelHandlers {
  onOpen(): void;
  onMessage(text: string): void;
  onClose(): void;
}

/** What the Electron preload exposes on `window.kioskBridge` (see main/electron/preload.ts). */
export interface KioskBridge {
  /** Ask the shell for a fresh MessagePort connected to the host; arrives as a window message. */
  connect(): void;
}

declare global {
  interface Window {
    kioskBridge?: KioskBridge;
  }
}

/**
 * Open a channel to the host with whichever transport this shell provides. Every wait has a
 * deadline (`timeoutMs`): a frozen host answers neither the ticket request nor the socket's
 * handshake, and without one the page would wait on the browser's own limits (a minute or more)
 * instead of reporting the connection lost and retrying.
 */
export function openChannel(h: ChannelHandlers, opts: { timeoutMs: number }): HostChannel {
  if (window.kioskBridge) return openPortChannel(window.kioskBridge, h, opts.timeoutMs);
  return openSocketChannel(h, opts.timeoutMs);
}

/** Where the page collects the host's per-boot secret (an HttpOnly cookie) before it connects. */
const TICKET_PATH = '/host-ticket';

function openSocketChannel(h: ChannelHandlers, timeoutMs: number): HostChannel {
  const url = new URL('/ws', window.location.href);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  let ws: WebSocket | null = null;
  let closed = false;
  const fireClose = () => {
    if (closed) return;
    closed = true;
    h.onClose();
  };
  // A restarted host has a new boot secret: collect it first, then open the socket with it.
  fetch(new URL(TICKET_PATH, window.location.href), { cache: 'no-store', credentials: 'same-origin', signal: AbortSignal.timeout(timeoutMs) })
    .then((res) => {
      if (!res.ok) throw new Error(`ticket: HTTP ${res.status}`);
      if (closed) return;
      const socket = new WebSocket(url);
      ws = socket;
      const openTimer = window.setTimeout(() => {
        console.warn(`kiosk host socket not open within ${timeoutMs} ms`);
        socket.close();
        fireClose();
      }, timeoutMs);
      socket.onopen = () => {
        window.clearTimeout(openTimer);
        h.onOpen();
      };
      socket.onmessage = (e) => {
        if (typeof e.data === 'string') h.onMessage(e.data);
      };
      const gone = () => {
        window.clearTimeout(openTimer);
        fireClose();
      };
      socket.onclose = gone;
      socket.onerror = gone;
    })
    .catch((e: unknown) => {
      console.warn('kiosk host unreachable', e);
      fireClose();
    });
  return {
    send: (text) => ws?.send(text),
    close: () => {
      if (ws) ws.close();
      else fireClose();
    },
  };
}

/** A window message the preload posted: same window, same origin. */
export function isFromPreload(e: { source: unknown; origin: string }, win: { location: { origin: string } } = window): boolean {
  return e.source === win && e.origin === win.location.origin;
}

function openPortChannel(bridge: KioskBridge, h: ChannelHandlers, timeoutMs: number): HostChannel {
  let port: MessagePort | null = null;
  // The shell answers connect() with a port, or with kiosk-host-down; a shell that answers neither
  // (its host frozen mid-handshake) is treated as down after timeoutMs.
  const portTimer = window.setTimeout(() => {
    if (port) return;
    window.removeEventListener('message', onWindowMessage);
    console.warn(`kiosk shell gave no host port within ${timeoutMs} ms`);
    h.onClose();
  }, timeoutMs);
  const onWindowMessage = (e: MessageEvent) => {
    // The preload posts from our own window and origin; anything else (a frame, another origin) is ignored.
    if (!isFromPreload(e)) return;
    if (e.data === 'kiosk-host-down' && port) {
      window.clearTimeout(portTimer);
      window.removeEventListener('message', onWindowMessage);
      port.close();
      h.onClose();
      return;
    }
    if (e.data !== 'kiosk-host-port' || !e.ports[0] || port) return;
    window.clearTimeout(portTimer);
    port = e.ports[0];
    port.onmessage = (m) => {
      if (typeof m.data === 'string') h.onMessage(m.data);
    };
    port.start();
    h.onOpen();
  };
  window.addEventListener('message', onWindowMessage);
  bridge.connect();
  return {
    send: (text) => port?.postMessage(text),
    close: () => {
      window.clearTimeout(portTimer);
      window.removeEventListener('message', onWindowMessage);
      port?.close();
    },
  };
}
