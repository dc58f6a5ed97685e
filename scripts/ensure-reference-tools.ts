// Makes sure the tests have the reference tools they compare TierLab against (Node): onnx.checker for the operator
// sweep (Debian's python3-onnx), and native Lua 5.4 with luaunit for the Lua sandbox's agreement with MultiPL-E's
// harness (lua5.4, lua-unit). Installs Debian's packages as root when missing, or says how to install them.
import { execSync } from 'node:child_process';

const PACKAGES = 'python3-onnx lua5.4 lua-unit';
const INSTALL = `apt-get update && apt-get install -y ${PACKAGES}`;
const works = (command: string) => {
  try {
    execSync(command, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};
const has = () => works(`/usr/bin/python3 -c 'import onnx'`) && works(`lua5.4 -e "assert(require('luaunit').LuaUnit)"`);

if (!has()) {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot) {
    console.error(`A reference tool is missing. Install Debian's packages and run the tests again:\n  sudo sh -c '${INSTALL}'`);
    process.exit(1);
  }
  console.log(`A reference tool is missing; installing Debian's packages: ${INSTALL}`);
  execSync(INSTALL, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  if (!has()) {
    console.error(`Installing ${PACKAGES} finished but python3's onnx or lua5.4's luaunit is still missing.`);
    process.exit(1);
  }
}
console.log('Reference tools: /usr/bin/python3 (onnx) for the operator sweep, lua5.4 (luaunit) for the Lua sandbox');
