// The browser tests' HTTPS certificate (Node, test setup): made, or reused, by the server's own tlsMaterial in the
// folder given, for every name of this machine; prints the base64 SHA-256 of its public key, which Chromium's
// --ignore-certificate-errors-spki-list takes, so the test browser trusts it as a phone that accepted it would.
import { networkInterfaces } from 'node:os';
import { machineNames, tlsMaterial } from '../server/tls.ts';

const dir = process.argv[2];
if (!dir) throw new Error('usage: node --import tsx scripts/e2e-cert.ts <data folder>');
const tls = await tlsMaterial({}, dir, machineNames(networkInterfaces()));
process.stdout.write(tls.spkiSha256);
