// One JavaScript interpreter for one program (a classic worker inside the sandbox frame): QuickJS runs the program as
// written (quickjs-host.ts).
import { serveOneQuickJsProgram } from './quickjs-host.ts';

serveOneQuickJsProgram();
