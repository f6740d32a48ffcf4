import { createContext, useContext } from 'react';
import type { DiagnosticsMethodName } from '../../../contracts/diagnostics-protocol.js';
import type { ParamsOf, ResultOf } from '../../../contracts/protocol.js';

/** Methods that need the session token (all but the entry ones). */
export type TokenMethod = Exclude<DiagnosticsMethodName, 'diag.status' | 'diag.enter'>;

/** A diagnostics call with the session's token added; a `forbidden` answer ends the session. */
export type DiagCall = <M extends TokenMethod>(method: M, params: Omit<ParamsOf<M>, 'token'>, opts?: { signal?: AbortSignal }) => Promise<ResultOf<M>>;

export const DiagSessionContext = createContext<DiagCall | null>(null);

export function useDiagCall(): DiagCall {
  const c = useContext(DiagSessionContext);
  if (!c) throw new Error('useDiagCall outside a diagnostics session');
  return c;
}

export function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
