// Makes sure the browser tests have a Chromium (Node): finds one, or installs Debian's as root, or says how to.
import { execSync } from 'node:child_process';
import { findChromium } from './browsers/chromium.ts';

const INSTALL = 'apt-get update && apt-get install -y chromium';

let found = findChromium();
if (!found) {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot) {
    console.error(
      `No Chromium found. Install Debian's package and run the tests again:\n  sudo sh -c '${INSTALL}'\nor set CHROME_PATH to a Chromium or Chrome binary.`,
    );
    process.exit(1);
  }
  console.log(`No Chromium found; installing Debian's package: ${INSTALL}`);
  execSync(INSTALL, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  found = findChromium();
  if (!found) {
    console.error('Installing chromium finished but no browser binary was found; set CHROME_PATH.');
    process.exit(1);
  }
}
console.log(`Browser tests use ${found}`);
