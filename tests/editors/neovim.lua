-- Drives breachlint's language server from headless Neovim, set up (in the
-- init file) with the snippet docs/editors.md gives. Reads NOTICE (the file
-- to open) and RESULT (where to write); writes one line per finding, "rule
-- line column" (0-based, as Neovim reports them), after opening the notice
-- and after fixing one finding, then "done", and quits.

local notice = os.getenv("NOTICE")
local result = assert(io.open(os.getenv("RESULT"), "w"))

local function log(line)
  result:write(line, "\n")
  result:flush()
end

local function fail(why)
  log("error " .. why)
  result:close()
  vim.cmd("qa!")
end

vim.cmd("edit " .. vim.fn.fnameescape(notice))
local buf = vim.api.nvim_get_current_buf()

local function code(d)
  if d.code then
    return d.code
  end
  local lsp = d.user_data and d.user_data.lsp
  return lsp and lsp.code or "?"
end

local function findings()
  local out = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    table.insert(out, string.format("%s %d %d", code(d), d.lnum, d.col))
  end
  table.sort(out)
  return out
end

local function has(rule, lnum)
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    if code(d) == rule and (lnum == nil or d.lnum == lnum) then
      return true
    end
  end
  return false
end

local function report(stage)
  log("stage " .. stage)
  for _, f in ipairs(findings()) do
    log(f)
  end
end

if not vim.wait(60000, function() return has("demo/placeholder") end, 50) then
  fail("no diagnostics arrived")
end
report("opened")

-- Fix the first placeholder (the merge field on "Dear <<FirstName>>,").
local lines = vim.api.nvim_buf_get_lines(buf, 0, -1, false)
local target
for i, line in ipairs(lines) do
  if line:find("<<FirstName>>", 1, true) then
    target = i - 1
  end
end
if not target then
  fail("the merge field is not in the notice")
end
vim.api.nvim_buf_set_lines(buf, target, target + 1, false, { "Dear Patient," })
if not vim.wait(60000, function() return not has("demo/placeholder", target) end, 50) then
  fail("the fixed finding did not disappear")
end
report("edited")
log("done")
result:close()
for _, client in pairs(vim.lsp.get_active_clients()) do
  client.stop()
end
vim.wait(5000, function() return next(vim.lsp.get_active_clients()) == nil end, 50)
vim.cmd("qa!")
