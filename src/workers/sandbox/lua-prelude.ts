// What a Lua program's state starts with (interpreter worker; also Node tests): Lua 5.4's standard libraries less
// everything that reaches outside the program (os.execute, io.popen, files, C modules, the debug library), print and
// io.write captured, os.exit recorded, and a `require` that knows only 'luaunit', which MultiPL-E's Lua tests load.
// It runs before the program in the same fresh state; everything here is the program's own to break.

/** The host functions' names while the prelude runs (removed before the program starts). */
export const LUA_HOST_OUT = '__tierlab_out';
export const LUA_HOST_EXIT = '__tierlab_exit';
/** The error value os.exit raises to end the program (the host has recorded the code). */
export const LUA_EXIT_SENTINEL = '__tierlab_exit__';

/**
 * A luaunit written for TierLab (not luaunit's code): the part MultiPL-E's tests use. assertEquals compares as
 * luaunit 3.4's does (lu.assertEquals → _is_table_equals in bluebird75/luaunit): values of different types differ,
 * numbers and other non-tables compare with ==, tables are equal when every key of each maps to an equal value in the
 * other (cycles allowed). LuaUnit.run() runs every global function whose name starts with "test" (any case), and
 * every method starting with "test" of a global table whose name starts with "Test", in name order, prints one line
 * per failure and a summary, and returns the number of tests that failed or raised, which os.exit turns into the
 * exit code as in luaunit.
 */
export const LUAUNIT = String.raw`
local M = { LuaUnit = {} }
local function equal(a, e, seenA, seenE)
  if type(a) ~= type(e) then return false end
  if type(a) ~= 'table' then return a == e end
  if a == e then return true end
  if seenA[a] or seenE[e] then return seenA[a] == e and seenE[e] == a end
  seenA[a], seenE[e] = e, a
  for k, v in pairs(a) do
    if not equal(v, e[k], seenA, seenE) then seenA[a], seenE[e] = nil, nil return false end
  end
  for k in pairs(e) do
    if a[k] == nil then seenA[a], seenE[e] = nil, nil return false end
  end
  seenA[a], seenE[e] = nil, nil
  return true
end
local function show(v, depth)
  depth = depth or 0
  if type(v) == 'string' then return string.format('%q', v) end
  if type(v) ~= 'table' or depth > 3 then return tostring(v) end
  local parts, n = {}, 0
  for i, x in ipairs(v) do n = i parts[#parts + 1] = show(x, depth + 1) end
  for k, x in pairs(v) do
    if not (math.type(k) == 'integer' and k >= 1 and k <= n) then parts[#parts + 1] = tostring(k) .. '=' .. show(x, depth + 1) end
  end
  return '{' .. table.concat(parts, ', ') .. '}'
end
local Failure = {}
local function fail(message, level) error(setmetatable({ message = message }, Failure), (level or 2) + 1) end
function M.assertEquals(actual, expected)
  if not equal(actual, expected, {}, {}) then fail('expected: ' .. show(expected) .. ', actual: ' .. show(actual)) end
end
function M.assertNotEquals(actual, expected)
  if equal(actual, expected, {}, {}) then fail('Received the not expected value: ' .. show(actual)) end
end
function M.assertTrue(v) if v ~= true then fail('expected: true, actual: ' .. show(v)) end end
function M.assertFalse(v) if v ~= false then fail('expected: false, actual: ' .. show(v)) end end
function M.assertNil(v) if v ~= nil then fail('expected: nil, actual: ' .. show(v)) end end
function M.assertNotNil(v) if v == nil then fail('expected not nil') end end
function M.assertAlmostEquals(a, e, margin)
  margin = margin or 1e-11
  if type(a) ~= 'number' or type(e) ~= 'number' or math.abs(a - e) > margin then
    fail('expected: ' .. show(e) .. ' +/- ' .. tostring(margin) .. ', actual: ' .. show(a))
  end
end
M.assert_equals, M.assertIsNil, M.assertIsTrue, M.assertIsFalse = M.assertEquals, M.assertNil, M.assertTrue, M.assertFalse
function M.LuaUnit.run()
  local tests = {}
  for name, v in pairs(_G) do
    if type(name) == 'string' then
      if type(v) == 'function' and name:lower():sub(1, 4) == 'test' then
        tests[#tests + 1] = { name = name, fn = v }
      elseif type(v) == 'table' and name:sub(1, 4) == 'Test' then
        for method, fn in pairs(v) do
          if type(method) == 'string' and type(fn) == 'function' and method:lower():sub(1, 4) == 'test' then
            tests[#tests + 1] = { name = name .. '.' .. method, fn = function() return fn(v) end }
          end
        end
      end
    end
  end
  table.sort(tests, function(x, y) return x.name < y.name end)
  local failures, errors = 0, 0
  for _, t in ipairs(tests) do
    local ok, err = pcall(t.fn)
    if not ok then
      if getmetatable(err) == Failure then
        failures = failures + 1
        print(t.name .. ' FAIL: ' .. err.message)
      else
        errors = errors + 1
        print(t.name .. ' ERROR: ' .. tostring(err))
      end
    end
  end
  print(string.format('Ran %d tests: %d successes, %d failures, %d errors', #tests, #tests - failures - errors, failures, errors))
  return failures + errors
end
M.LuaUnit.M = M
return M
`;

/** Run before the program: captures output and exit, narrows the libraries, and offers luaunit through require. */
export const LUA_PRELUDE = String.raw`
local out, exit = ${LUA_HOST_OUT}, ${LUA_HOST_EXIT}
${LUA_HOST_OUT}, ${LUA_HOST_EXIT} = nil, nil
local concat, pack, tostring, error = table.concat, table.pack, tostring, error
print = function(...)
  local t = pack(...)
  for i = 1, t.n do t[i] = tostring(t[i]) end
  out(concat(t, '\t', 1, t.n) .. '\n')
end
local stdout = setmetatable({}, { __index = { write = function(self, ...) for _, v in ipairs({ ... }) do out(tostring(v)) end return self end } })
io = { write = function(...) return stdout:write(...) end, stdout = stdout, stderr = stdout }
os.exit = function(code)
  if code == nil or code == true then code = 0 elseif code == false then code = 1 end
  exit(math.tointeger(code) or 1)
  error('${LUA_EXIT_SENTINEL}', 0)
end
for _, name in ipairs({ 'execute', 'remove', 'rename', 'tmpname', 'getenv', 'setlocale' }) do os[name] = nil end
dofile, loadfile, debug = nil, nil, nil
local load = load
-- Text chunks only (a crafted binary chunk can break the VM); an env is passed on only when the caller gave one.
_G.load = function(chunk, name, mode, ...) return load(chunk, name, 't', ...) end
local luaunit = [====[${LUAUNIT}]====]
package.loaded.debug, package.loaded.io = nil, io
package.path, package.cpath, package.loadlib = '', '', nil
package.searchers = { package.searchers[1] }
-- The preload searcher holds the original table: it is emptied and given luaunit, not replaced.
for name in pairs(package.preload) do package.preload[name] = nil end
package.preload.luaunit = function() return assert(load(luaunit, '=luaunit', 't'))() end
`;
