// Makes sure the operator sweep has onnx.checker (Node): Debian's python3-onnx, installed as root when missing, or
// says how to install it.
import { execSync } from 'node:child_process';

const INSTALL = 'apt-get update && apt-get install -y python3-onnx';
const has = () => {
  try {
    execSync(`/usr/bin/python3 -c 'import onnx'`, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

if (!has()) {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot) {
    console.error(`onnx.checker is missing. Install Debian's package and run the tests again:\n  sudo sh -c '${INSTALL}'`);
    process.exit(1);
  }
  console.log(`onnx.checker is missing; installing Debian's package: ${INSTALL}`);
  execSync(INSTALL, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  if (!has()) {
    console.error('Installing python3-onnx finished but /usr/bin/python3 still cannot import onnx.');
    process.exit(1);
  }
}
console.log('The operator sweep checks graphs with /usr/bin/python3 (onnx)');
