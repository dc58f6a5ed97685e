// One TypeScript interpreter for one program (a classic worker inside the sandbox frame): sucrase erases the
// program's types in this worker, under the frame's time limit, and QuickJS runs the result (quickjs-host.ts). A
// separate entry so that JavaScript's workers do not load the transpiler.
import { serveOneQuickJsProgram } from './quickjs-host.ts';
import { transpileTypeScript } from './ts-transpile.ts';

serveOneQuickJsProgram(transpileTypeScript);
