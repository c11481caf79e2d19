import { useId, useState, type ReactNode } from 'react';

interface NumberFieldProps {
  label: string;
  value: number;
  min: number;
  max: number;
  step?: number;
  integer?: boolean;
  hint?: string;
  /** The longer explanation, shown as the label's tooltip. */
  help?: string;
  disabled?: boolean;
  testId?: string;
  /** Returns error messages when the store refuses the value. */
  onCommit: (value: number) => string[];
}

/**
 * A number input that keeps what the user types (even half-typed "0.") and commits only a
 * valid value; anything else shows why, next to the field, and changes nothing.
 */
export function NumberField({ label, value, min, max, step, integer, hint, help, disabled, testId, onCommit }: NumberFieldProps) {
  const id = useId();
  const [text, setText] = useState(String(value));
  const [error, setError] = useState<string | null>(null);
  const [lastValue, setLastValue] = useState(value);
  if (value !== lastValue) {
    // The store changed under us (reset, another control): show its value.
    setLastValue(value);
    setText(String(value));
    setError(null);
  }
  const commit = (raw: string) => {
    const v = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(v)) return setError('Enter a number.');
    if (integer && !Number.isInteger(v)) return setError('Enter a whole number.');
    if (v < min || v > max) return setError(`Must be between ${min} and ${max}.`);
    const errors = onCommit(v);
    setError(errors.length ? errors.join(' ') : null);
  };
  return (
    <div className="field">
      <label htmlFor={id} title={help}>
        {label}
      </label>
      <input
        id={id}
        type="number"
        inputMode="decimal"
        min={min}
        max={max}
        step={step ?? (integer ? 1 : 'any')}
        value={text}
        disabled={disabled}
        aria-invalid={error !== null}
        data-testid={testId}
        onChange={(e) => {
          setText(e.target.value);
          commit(e.target.value);
        }}
      />
      {error ? <span className="field-error">{error}</span> : hint ? <span className="field-hint">{hint}</span> : null}
    </div>
  );
}

interface SelectFieldProps<T extends string> {
  label: string;
  value: T;
  options: readonly { value: T; label: string }[];
  disabled?: boolean;
  testId?: string;
  hint?: ReactNode;
  help?: string;
  onChange: (value: T) => void;
}

export function SelectField<T extends string>({ label, value, options, disabled, testId, hint, help, onChange }: SelectFieldProps<T>) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id} title={help}>
        {label}
      </label>
      <select id={id} value={value} disabled={disabled} data-testid={testId} onChange={(e) => onChange(e.target.value as T)}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {hint ? <span className="field-hint">{hint}</span> : null}
    </div>
  );
}

export function Fieldset({ legend, children }: { legend: string; children: ReactNode }) {
  return (
    <fieldset className="fieldset">
      <legend>{legend}</legend>
      {children}
    </fieldset>
  );
}
