// One Lua interpreter for one program (a classic worker inside the sandbox frame, bundled into the frame's page; see
// docs/sandbox.md). It instantiates wasmoon's Lua 5.4 from the module the frame compiled once and runs exactly one
// program in a fresh Lua state (lua-runner.ts; one-program-host.ts does the rest). The program runs inside Lua: it
// sees none of this worker's globals, only the libraries lua-prelude.ts leaves it.
import { LuaFactory } from 'wasmoon';
import { runLuaProgram } from './lua-runner.ts';
import { serveOneProgram } from './one-program-host.ts';

/**
 * wasmoon's loader fetches its wasm file and instantiates it while streaming; this frame may fetch nothing (its policy
 * allows no connection). Both steps are answered here from the module the frame compiled: fetch gets an empty
 * response that nothing reads, and instantiateStreaming instantiates that module. Neither is reachable from Lua.
 */
function serveWasmFrom(module: WebAssembly.Module): void {
  Object.defineProperty(self, 'fetch', { configurable: true, value: async () => new Response(new Uint8Array(0)) });
  WebAssembly.instantiateStreaming = async (_source, imports) => ({
    module,
    instance: await WebAssembly.instantiate(module, imports),
  });
}

serveOneProgram({
  boot: async (module) => {
    serveWasmFrom(module);
    const factory = new LuaFactory('glue.wasm');
    await factory.getLuaModule();
    return factory;
  },
  run: (factory, m) => runLuaProgram(factory, String(m.program), { timeoutMs: Number(m.timeoutMs) }),
});
