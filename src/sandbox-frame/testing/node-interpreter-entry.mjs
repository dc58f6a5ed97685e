// Worker-thread entry for node-interpreter.ts (tests only): Node 20 workers ignore `--import` in execArgv, so the
// TypeScript loader is registered here.
import { register } from 'tsx/esm/api';

register();
await import('./node-interpreter.ts');
