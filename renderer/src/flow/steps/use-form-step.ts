import { useEffect, useRef, useState } from 'react';
import type { KeyboardMode } from '../../keyboard/on-screen-keyboard.js';
import type { StepProps } from '../step-props.js';
import { keyboardFor, validateField, type FieldProblem } from '../validate.js';

/** A form's state: the values, their problems, which field has the keyboard and in which mode; submitting checks every field. */
export function useFormStep(step: StepProps<'form'>['step'], ctx: StepProps<'form'>['ctx'], next: StepProps<'form'>['next']) {
  const [values, setValues] = useState<Record<string, string>>(() => ({ ...ctx.values }));
  const [problems, setProblems] = useState<Record<string, FieldProblem>>({});
  const typed = step.fields.filter((f) => !f.prefill && f.kind !== 'select');
  const [focus, setFocus] = useState<string | null>(typed[0]?.name ?? null);
  const focused = step.fields.find((f) => f.name === focus) ?? null;
  const [mode, setMode] = useState<KeyboardMode>(focused ? keyboardFor(focused) : 'pinyin');
  const refs = useRef<Record<string, HTMLElement | null>>({});

  // The keyboard's mode follows the field in the same render as the focus (no effect-timing gap).
  const focusField = (name: string) => {
    if (name === focus) return;
    const f = step.fields.find((x) => x.name === name);
    setFocus(name);
    if (f) setMode(keyboardFor(f));
  };
  useEffect(() => {
    if (focused) refs.current[focused.name]?.scrollIntoView({ block: 'nearest' });
  }, [focus]); // only when the focus moves to another field

  const set = (name: string, v: string) => {
    setValues((old) => ({ ...old, [name]: v }));
    setProblems((old) => ({ ...old, [name]: null }));
  };

  const submit = () => {
    const found: Record<string, FieldProblem> = {};
    for (const f of step.fields) found[f.name] = validateField(f, values[f.name]);
    setProblems(found);
    const bad = step.fields.find((f) => found[f.name]);
    if (bad) {
      if (bad.kind !== 'select' && !bad.prefill) focusField(bad.name);
      refs.current[bad.name]?.scrollIntoView({ block: 'nearest' });
      return;
    }
    const out: Record<string, string> = {};
    for (const f of step.fields) if (!f.prefill) out[f.name] = (values[f.name] ?? '').trim();
    next({ values: out });
  };

  return { values, problems, typed, focus, setFocus, focused, mode, setMode, refs, focusField, set, submit };
}
