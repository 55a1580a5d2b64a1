/** Thin wrappers that put NL Design System (Utrecht) classes on plain HTML elements. */
import { useId, type ButtonHTMLAttributes, type ReactNode } from 'react';

export const cx = (...xs: (string | false | null | undefined)[]) => xs.filter(Boolean).join(' ');

export function Button({ variant = 'secondary', className, busy, children, ...rest }: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: 'primary' | 'secondary' | 'subtle' | 'danger'; busy?: boolean }) {
  return (
    <button
      type="button"
      className={cx('utrecht-button', `utrecht-button--${variant === 'danger' ? 'primary-action utrecht-button--danger' : variant === 'primary' ? 'primary-action' : variant === 'subtle' ? 'subtle' : 'secondary-action'}`, busy && 'utrecht-button--busy', className)}
      aria-busy={busy || undefined}
      {...rest}
    >
      {children}
    </button>
  );
}

export function Heading({ level, children, className, id }: { level: 1 | 2 | 3 | 4; children: ReactNode; className?: string; id?: string }) {
  const Tag = `h${level}` as const;
  return (
    <Tag id={id} className={cx(`utrecht-heading-${level}`, className)}>
      {children}
    </Tag>
  );
}

export function P({ children, lead, className }: { children: ReactNode; lead?: boolean; className?: string }) {
  return <p className={cx('utrecht-paragraph', lead && 'utrecht-paragraph--lead', className)}>{children}</p>;
}

/** Multi-paragraph text from a case (blank lines separate paragraphs). */
export function Text({ text, className }: { text: string; className?: string }) {
  return (
    <div className={cx('text-block', className)}>
      {text
        .split(/\n\s*\n/)
        .map((para) => para.trim())
        .filter(Boolean)
        .map((para, i) => (
          <p key={i} className="utrecht-paragraph">
            {para}
          </p>
        ))}
    </div>
  );
}

export function Alert({ type = 'info', children }: { type?: 'info' | 'ok' | 'warning' | 'error'; children: ReactNode }) {
  return (
    <div className={`utrecht-alert utrecht-alert--${type}`} role={type === 'error' ? 'alert' : 'status'}>
      <div className="utrecht-alert__content">{children}</div>
    </div>
  );
}

export function TextField(props: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  type?: 'text' | 'email' | 'password' | 'number';
  description?: string;
  required?: boolean;
  autoComplete?: string;
  multiline?: boolean;
  invalid?: boolean;
  inputMode?: 'text' | 'numeric';
  maxLength?: number;
  className?: string;
  readOnly?: boolean;
}) {
  const id = useId();
  const descId = props.description ? `${id}-desc` : undefined;
  return (
    <div className={cx('utrecht-form-field', 'utrecht-form-field--text', props.invalid && 'utrecht-form-field--invalid', props.className)}>
      <div className="utrecht-form-field__label">
        <label className="utrecht-form-label" htmlFor={id}>
          {props.label}
        </label>
      </div>
      {props.description && (
        <div className="utrecht-form-field__description utrecht-form-field-description" id={descId}>
          {props.description}
        </div>
      )}
      <div className="utrecht-form-field__input">
        {props.multiline ? (
          <textarea
            id={id}
            className="utrecht-textarea utrecht-textarea--html-textarea"
            value={props.value}
            onChange={(e) => props.onChange(e.target.value)}
            required={props.required}
            aria-describedby={descId}
            maxLength={props.maxLength}
            rows={4}
          />
        ) : (
          <input
            id={id}
            className={cx('utrecht-textbox', 'utrecht-textbox--html-input', props.invalid && 'utrecht-textbox--invalid')}
            type={props.type ?? 'text'}
            value={props.value}
            onChange={(e) => props.onChange(e.target.value)}
            required={props.required}
            autoComplete={props.autoComplete}
            aria-describedby={descId}
            aria-invalid={props.invalid || undefined}
            inputMode={props.inputMode}
            maxLength={props.maxLength}
            readOnly={props.readOnly}
          />
        )}
      </div>
    </div>
  );
}

export function RadioGroup(props: { legend: string; name: string; value: string | null; onChange: (v: string) => void; options: { value: string; label: string; description?: string }[]; description?: string }) {
  const id = useId();
  return (
    <fieldset className="utrecht-form-fieldset utrecht-form-fieldset--html-fieldset" aria-describedby={props.description ? `${id}-d` : undefined}>
      <legend className="utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend">{props.legend}</legend>
      {props.description && (
        <div className="utrecht-form-field-description" id={`${id}-d`}>
          {props.description}
        </div>
      )}
      {props.options.map((o) => (
        <div key={o.value} className="utrecht-form-field utrecht-form-field--radio choice">
          <input
            type="radio"
            className="utrecht-radio-button utrecht-radio-button--html-input"
            id={`${id}-${o.value}`}
            name={props.name}
            value={o.value}
            checked={props.value === o.value}
            onChange={() => props.onChange(o.value)}
            aria-describedby={o.description ? `${id}-${o.value}-d` : undefined}
          />
          <label className="utrecht-form-label utrecht-form-label--radio" htmlFor={`${id}-${o.value}`}>
            {o.label}
          </label>
          {o.description && (
            <div className="utrecht-form-field-description choice__description" id={`${id}-${o.value}-d`}>
              {o.description}
            </div>
          )}
        </div>
      ))}
    </fieldset>
  );
}

export function Checkbox({ label, checked, onChange }: { label: string; checked: boolean; onChange: (v: boolean) => void }) {
  const id = useId();
  return (
    <div className="utrecht-form-field utrecht-form-field--checkbox choice">
      <input id={id} type="checkbox" className="utrecht-checkbox utrecht-checkbox--html-input" checked={checked} onChange={(e) => onChange(e.target.checked)} />
      <label className="utrecht-form-label utrecht-form-label--checkbox" htmlFor={id}>
        {label}
      </label>
    </div>
  );
}

export function Card({ children, className, labelledBy, tone }: { children: ReactNode; className?: string; labelledBy?: string; tone?: 'private' | 'inject' | 'feedback' }) {
  return (
    <section className={cx('card', tone && `card--${tone}`, className)} aria-labelledby={labelledBy}>
      {children}
    </section>
  );
}
