/**
 * A labelled Utrecht select. Only lazily loaded pages (trainer, console, organisation) have one, so
 * it and its CSS are not in a participant's first script and stylesheet; they come with those pages.
 */
import '@utrecht/select-css/dist/index.css';
import { useId } from 'react';
import { cx } from './ui.js';

export function SelectField(props: { label: string; value: string; onChange: (v: string) => void; options: { value: string; label: string }[]; className?: string }) {
  const id = useId();
  return (
    <div className={cx('utrecht-form-field', props.className)}>
      <div className="utrecht-form-field__label">
        <label className="utrecht-form-label" htmlFor={id}>
          {props.label}
        </label>
      </div>
      <div className="utrecht-form-field__input">
        <select id={id} className="utrecht-select utrecht-select--html-select" value={props.value} onChange={(e) => props.onChange(e.target.value)}>
          {props.options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}
