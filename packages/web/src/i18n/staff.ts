/**
 * The Dutch texts of the trainers' and organisations' pages (console, library, log-in,
 * organisation, invitation), which a participant's phone never shows: they are not in the first
 * script (~3.5 KB compressed less before a participant's first page; bench/README.md, Web) but
 * come with the pages that import this module, before those render. Every source file that uses a
 * key of these parts imports it; runtime.test.ts checks that. English comes whole (index.ts).
 */
import staff from './nl-staff.json' with { type: 'json' };
import { i18n } from './runtime.js';

i18n.addResourceBundle('nl', 'translation', staff);
