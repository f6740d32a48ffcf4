import WebSocket from 'ws';

/**
 * Open the host protocol socket the way our page does: collect the per-boot secret cookie from
 * `/host-ticket`, then upgrade with our Origin and that cookie. Anything less is refused.
 */
export async function openHostSocket(kioskUrl: string): Promise<WebSocket> {
  const origin = new URL(kioskUrl).origin;
  const ticket = await fetch(new URL('/host-ticket', origin));
  const cookie = ticket.headers.get('set-cookie')?.split(';')[0];
  if (ticket.status !== 204 || !cookie) throw new Error(`no boot secret from ${origin}/host-ticket (${ticket.status})`);
  const ws = new WebSocket(`${origin.replace('http', 'ws')}/ws`, { headers: { Origin: origin, Cookie: cookie } });
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  return ws;
}
