import { createContext, useContext } from 'react';

/** Elderly mode (长辈模式): larger text and targets, higher contrast, slower timeouts, voice prompts. */
export interface ElderlyMode {
  on: boolean;
  toggle(): void;
  /** Multiply a step's timeout by this (slower timeouts in elderly mode). */
  timeoutFactor: number;
}

export const ElderlyContext = createContext<ElderlyMode>({ on: false, toggle: () => undefined, timeoutFactor: 1 });

export function useElderly(): ElderlyMode {
  return useContext(ElderlyContext);
}
