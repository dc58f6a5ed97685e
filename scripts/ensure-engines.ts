// Makes sure the cross-engine suite has its browsers (Node): Debian's Firefox ESR, WebKitGTK's WebDriver with
// MiniBrowser, and Xvfb for a display; installs the missing ones as root, or says how to.
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { findFirefox, findWebKit } from './browsers/other-engines.ts';

function missing(): string[] {
  const packages: string[] = [];
  if (!findFirefox()) packages.push('firefox-esr');
  if (!findWebKit()) packages.push('webkit2gtk-driver');
  if (!process.env.DISPLAY && !existsSync('/usr/bin/Xvfb')) packages.push('xvfb');
  return packages;
}

let packages = missing();
if (packages.length > 0) {
  const install = `apt-get update && apt-get install -y ${packages.join(' ')}`;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot) {
    console.error(
      `The cross-engine suite needs ${packages.join(', ')}. Install Debian's packages and run the tests again:\n  sudo sh -c '${install}'`,
    );
    process.exit(1);
  }
  console.log(`Installing Debian's ${packages.join(', ')}: ${install}`);
  execSync(install, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  packages = missing();
  if (packages.length > 0) {
    console.error(`Installing finished but ${packages.join(', ')} still cannot be found.`);
    process.exit(1);
  }
}
console.log(`Cross-engine tests use ${findFirefox()} and ${findWebKit()?.browser} (under ${findWebKit()?.driver})`);
