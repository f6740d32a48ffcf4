import { createContext, useContext, type ReactNode } from 'react';
import { createPortal } from 'react-dom';

/**
 * The flow's action bar has a slot for the step's way forward, so "next" sits in the same always
 * visible bar as "back" and "cancel": never scrolled away with the fields, never under the keyboard.
 */
export const ForwardSlot = createContext<HTMLElement | null>(null);

/** A step's forward actions, shown in the flow's action bar (inline when there is no bar, e.g. in a unit). */
export function ForwardActions({ children }: { children: ReactNode }) {
  const slot = useContext(ForwardSlot);
  return slot ? createPortal(children, slot) : <div className="step-actions">{children}</div>;
}
