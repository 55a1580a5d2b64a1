#!/usr/bin/env node
// The browser tests drive the system Chromium (/usr/bin/chromium). On a fresh machine of the
// kind we build on (Debian, root), install it, so `npm test` needs no other set-up; elsewhere say
// clearly what is missing instead of failing deep inside a test.
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const CHROMIUM = '/usr/bin/chromium';
if (existsSync(CHROMIUM)) process.exit(0);
const canInstall = process.getuid?.() === 0 && existsSync('/usr/bin/apt-get');
if (!canInstall) {
  console.error(`De browsertests hebben Chromium nodig op ${CHROMIUM} (Debian: apt-get install -y chromium).\nThe browser tests need Chromium at ${CHROMIUM} (Debian: apt-get install -y chromium).`);
  process.exit(1);
}
console.error('Chromium ontbreekt; installeren met apt-get … / Chromium is missing; installing with apt-get …');
execSync('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium', { stdio: 'inherit' });
