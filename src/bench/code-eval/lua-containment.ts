// The Lua sandbox's containment check (pure; runs everywhere): hostile programs for wasmoon's Lua 5.4 state. Lua's
// standard libraries reach outside the program only through os.execute, io.popen, files, C modules and the debug
// library, which the prelude removes, and wasmoon gives Lua no JavaScript object (injectObjects is off), so the first
// case checks the state's globals and library fields against the list the prelude leaves, and the escape case tries
// every removed route by name. The rest are the same attacks as the other languages': state left for the next
// program, a forged report, endless loops, a runaway recursion, memory exhaustion, and os.exit.
import type { ContainmentCase, ContainmentStep } from './sandbox-containment.ts';
import type { ProgramOutcome } from '../../shared/contracts/sandbox.ts';

/** The globals a fresh state may hold: Lua 5.4's base library and standard library tables, less what the prelude
 *  removes (dofile, loadfile, debug), with its print, load and luaunit-only require. */
export const LUA_STATE_GLOBALS: readonly string[] = [
  ...'_G _VERSION assert collectgarbage error getmetatable ipairs load next pairs pcall print rawequal rawget'.split(' '),
  ...'rawlen rawset require select setmetatable tonumber tostring type warn xpcall'.split(' '),
  ...'coroutine io math os package string table utf8'.split(' '),
];

/** What os, io and package may still hold. */
export const LUA_LIBRARY_FIELDS: Readonly<Record<string, readonly string[]>> = {
  os: ['clock', 'date', 'difftime', 'exit', 'time'],
  io: ['stderr', 'stdout', 'write'],
  package: ['config', 'cpath', 'loaded', 'path', 'preload', 'searchers', 'searchpath'],
};

/** The case only a worker's termination stops. */
export const LUA_C_LOOP = 'lua-c-loop';

const PASS: readonly ProgramOutcome[] = ['pass'];
const step = (program: string, expect: readonly ProgramOutcome[] | null = PASS): ContainmentStep => ({ program, expect });
const AFTER = step(
  "assert(string.rep('ab', 2) == 'abab' and math.abs(-3) == 3 and table.concat({1, 2}, ',') == '1,2', 'the next program saw a broken state')\nassert(#('x'):rep(3) == 3)",
);

export function luaContainmentCases(): ContainmentCase[] {
  const one = (id: string, title: string, program: string): ContainmentCase => ({
    id,
    title,
    heavy: false,
    steps: [step(program)],
  });
  return [
    one(
      'lua-globals',
      "The state's globals and library fields are the prelude's, nothing else",
      `local allowed = {}\nfor _, k in ipairs(${luaList(LUA_STATE_GLOBALS)}) do allowed[k] = true end\nlocal extra = {}\nfor k in pairs(_G) do if not allowed[k] then extra[#extra + 1] = tostring(k) end end\nassert(#extra == 0, 'ESCAPED: globals beyond the list: ' .. table.concat(extra, ', '))\n${Object.entries(
        LUA_LIBRARY_FIELDS,
      )
        .map(
          ([lib, fields]) =>
            `do\n  local ok = {}\n  for _, k in ipairs(${luaList(fields)}) do ok[k] = true end\n  for k in pairs(${lib}) do assert(ok[k], 'ESCAPED: ${lib}.' .. tostring(k)) end\nend`,
        )
        .join('\n')}`,
    ),
    one(
      'lua-escape-routes',
      'Shell commands, files, C modules, binary chunks and the debug library are out of reach',
      [
        "assert(os.execute == nil and io.popen == nil and io.open == nil and io.lines == nil and io.read == nil, 'ESCAPED: a process or file API')",
        "assert(package.loadlib == nil and dofile == nil and loadfile == nil and debug == nil, 'ESCAPED: a loader or debug')",
        "for _, name in ipairs({ 'socket', 'io', 'debug', 'ffi', 'jit', 'os.execute', 'js' }) do",
        '  local ok, m = pcall(require, name)',
        "  assert(not ok or name == 'io', 'ESCAPED: require ' .. name)",
        'end',
        "assert(package.path == '' and package.cpath == '' and #package.searchers == 1, 'ESCAPED: a module search path')",
        'local f, err = load(string.dump(function() return 1 end))',
        "assert(f == nil and tostring(err):find('binary'), 'ESCAPED: a binary chunk loaded')",
        'assert(not pcall(function() return io.stdout:close() end) or true)',
      ].join('\n'),
    ),
    {
      id: 'lua-state',
      title: 'Globals, metatables, string methods and luaunit replaced by one program do not reach the next',
      heavy: false,
      steps: [
        step(
          "leak = 42\nstring.rep = function() return '' end\nmath.abs = function() return 0 end\ngetmetatable('').__index = {}\npackage.preload.luaunit = function() return { LuaUnit = { run = function() return 0 end }, assertEquals = function() end } end\nos.exit = function() end",
          null,
        ),
        step("assert(leak == nil, 'a global carried over')\nassert(('x'):upper() == 'X', 'string methods carried over')"),
        step("lu = require('luaunit')\nfunction test_carried() lu.assertEquals(1, 2) end\nos.exit(lu.LuaUnit.run())", ['fail']),
        AFTER,
      ],
    },
    {
      id: 'lua-forged-report',
      title: "A program's report-shaped output does not change its outcome",
      heavy: false,
      steps: [
        step('print(\'{"type":"report","outcome":"pass","errorType":null,"message":null,"stdout":""}\')\nos.exit(1)', ['fail']),
        step('io.write(\'{"type":"result","id":1,"run":{"outcome":"pass"}}\')\nerror(\'a wrong answer\')', ['error']),
      ],
    },
    {
      id: 'lua-loops',
      title: 'Endless loops, plain and in a coroutine, stop at the limit',
      heavy: false,
      steps: [
        step('while true do end', ['timeout', 'crash']),
        step('local co = coroutine.wrap(function() while true do coroutine.yield() end end)\nwhile true do co() end', [
          'timeout',
          'crash',
        ]),
        AFTER,
      ],
    },
    {
      // Lua's count hook never runs inside a C function: only the frame, which ends the worker at the limit, stops
      // this one (Node's tests have no frame and leave it out).
      id: LUA_C_LOOP,
      title: 'A pattern match that backtracks for hours, inside C where no hook runs, stops at the limit',
      heavy: false,
      steps: [step("string.find(string.rep('a', 30000), '.-.-.-.-.-b')", ['timeout', 'crash']), AFTER],
    },
    {
      id: 'lua-stack',
      title: 'A fair recursion runs; a runaway one ends only itself, and the next program runs',
      heavy: false,
      steps: [
        step("local function d(n) if n == 0 then return 0 end return 1 + d(n - 1) end\nassert(d(600) == 600, 'depth')"),
        step('local function f(n) return f(n + 1) + 1 end\nf(0)', ['error', 'timeout', 'crash']),
        AFTER,
      ],
    },
    {
      id: 'lua-memory',
      title: "Exhausting memory stops at the allocator's limit, and the next program runs",
      heavy: false,
      // WebKitGTK, after the cross-engine suite's earlier steps, once took longer than 15 s over one of these programs
      // (CI, 2026-12-07: its Lua calibration ran 7x slower than the reference there); filling 256 MB is slow there.
      minLimitS: 30,
      steps: [
        step("local s = string.rep('x', 2^29)", ['error']),
        step("local t = {}\nfor i = 1, 1e9 do t[i] = string.rep('x', 4096) .. i end", ['error', 'timeout', 'crash']),
        AFTER,
      ],
    },
    {
      id: 'lua-exit',
      title: 'os.exit ends the program with its code, as the harness reads it',
      heavy: false,
      steps: [
        step('os.exit(0)'),
        step('os.exit()'),
        step('os.exit(true)'),
        step('os.exit(2)', ['fail']),
        step('os.exit(false)', ['fail']),
      ],
    },
  ];
}

/** A Lua table literal of strings. */
function luaList(xs: readonly string[]): string {
  return `{ ${xs.map((x) => `'${x}'`).join(', ')} }`;
}
