import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
// Only the light theme (.utrecht-theme on <body>): the full token file adds dark-mode and
// media-query themes the app never switches on, and every byte of CSS blocks the first paint.
import '@utrecht/design-tokens/dist/theme.css';
// Only the components whose utrecht-* classes the app uses (components/ui.tsx and pages); the
// whole component library is ~400 KB of CSS that a participant's phone must fetch before paint.
// Add a component here when a page starts using its classes. A component that only lazily loaded
// modules show has its CSS imported there instead, so that it comes with them: the table in
// components/DataTable.tsx, the select in components/SelectField.tsx, the button link in
// pages/TrainerPage.tsx.
import '@utrecht/alert-css/dist/index.css';
import '@utrecht/body-css/dist/index.css';
import '@utrecht/button-css/dist/index.css';
import '@utrecht/checkbox-css/dist/index.css';
import '@utrecht/document-css/dist/index.css';
import '@utrecht/form-css/dist/index.css';
import '@utrecht/form-field-css/dist/index.css';
import '@utrecht/form-field-description-css/dist/index.css';
import '@utrecht/form-fieldset-css/dist/index.css';
import '@utrecht/form-label-css/dist/index.css';
import '@utrecht/heading-1-css/dist/index.css';
import '@utrecht/heading-2-css/dist/index.css';
import '@utrecht/heading-3-css/dist/index.css';
import '@utrecht/heading-4-css/dist/index.css';
import '@utrecht/link-css/dist/index.css';
import '@utrecht/paragraph-css/dist/index.css';
import '@utrecht/radio-button-css/dist/index.css';
import '@utrecht/textarea-css/dist/index.css';
import '@utrecht/textbox-css/dist/index.css';
import './styles.css';
import { languageReady } from './i18n/index.js';
import { App } from './App.js';

document.body.classList.add('utrecht-theme', 'utrecht-document', 'utrecht-body');
// Right away in Dutch; in English once its texts have arrived (i18n/index.ts), never half-half.
void languageReady.then(() =>
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <App />
    </StrictMode>,
  ),
);
