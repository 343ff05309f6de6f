-- POST /api/check like check.lua, but every request's text is different (a counter is
-- appended to the 1,500-word text), so no answer can come from the server's memory of
-- recent checks: this measures the checker itself under load.
local f = assert(io.open(os.getenv("BENCH_CHECK_BODY"), "rb"))
local body = f:read("*a")
f:close()
-- The body is {"text": "..."}: insert before the closing quote of the text.
local head, tail = string.match(body, '^(.*)(".-}%s*)$')
assert(head and tail, "unexpected check body")
local headers = {
  ["Content-Type"] = "application/json",
  ["Cookie"] = "prfaq_session=" .. os.getenv("BENCH_SESSION"),
  ["X-CSRF-Token"] = os.getenv("BENCH_CSRF"),
}
local counter = 0
local id = 0

function setup(thread)
  id = id + 1
  thread:set("tid", id)
end

function request()
  counter = counter + 1
  local text = head .. "\\nUnique sentence " .. tid .. "." .. counter .. "." .. tail
  return wrk.format("POST", nil, headers, text)
end

dofile(os.getenv("BENCH_LIB") .. "/report.lua")
