-- Mixed traffic for bench/load.sh (issue 8). Run wrk with as many threads as
-- connections (-t64 -c64): each wrk thread then has exactly one connection and one
-- request in flight, so each response is matched to the request that caused it, timed
-- per kind, and every save is counted exactly.
--
-- Each request picks, at random: the document page (GET /d/{id}, 30%), the document as
-- JSON (GET /api/documents/{id}, 20%), a check of the 1,500-word text (POST /api/check,
-- 30%) or a save (PUT /api/documents/{id}, 20%) that carries the newest revision this
-- thread knows as its base. Two threads share each document, so some saves are refused
-- as stale (409, expected): the thread then takes the current revision from the answer
-- and goes on. Every 2xx save is an acknowledged save, counted per document; done()
-- prints them (ACKED lines) for load.sh to check against the database.
--
-- Environment: LOAD_DOCS (comma-separated document ids), LOAD_SESSION, LOAD_CSRF,
-- LOAD_TEXT (file: the text as the inside of a JSON string), LOAD_CHECK_BODY (file).

local ffi = require("ffi")
ffi.cdef [[
  typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
  int clock_gettime(int clock, bench_timespec *ts);
]]
local ts = ffi.new("bench_timespec")
local function now_us()
  ffi.C.clock_gettime(1, ts) -- CLOCK_MONOTONIC
  return tonumber(ts.tv_sec) * 1e6 + tonumber(ts.tv_nsec) / 1e3
end

local function read(path)
  local f = assert(io.open(path, "rb"))
  local text = f:read("*a")
  f:close()
  return text
end

local function split(text, sep)
  local out = {}
  for part in string.gmatch(text, "[^" .. sep .. "]+") do
    table.insert(out, part)
  end
  return out
end

local docs = split(assert(os.getenv("LOAD_DOCS")), ",")
local cookie = "prfaq_session=" .. assert(os.getenv("LOAD_SESSION"))
local csrf = assert(os.getenv("LOAD_CSRF"))

-- ---- the main thread: hand each wrk thread its number ----

local threads = {}
local next_id = 0

function setup(thread)
  next_id = next_id + 1
  thread:set("tid", next_id)
  table.insert(threads, thread)
end

-- ---- each wrk thread ----

local doc, known, kind, started, n
local text_json, check_body
-- Separate header tables: wrk.format adds Content-Length to the table it is given, and a
-- GET must never carry one.
local page_headers, get_headers, body_headers

function init(args)
  doc = docs[(tid - 1) % #docs + 1]
  known = 1
  n = 0
  text_json = read(assert(os.getenv("LOAD_TEXT")))
  check_body = read(assert(os.getenv("LOAD_CHECK_BODY")))
  page_headers = { ["Cookie"] = cookie }
  get_headers = { ["Cookie"] = cookie, ["X-CSRF-Token"] = csrf }
  body_headers = {
    ["Cookie"] = cookie,
    ["X-CSRF-Token"] = csrf,
    ["Content-Type"] = "application/json",
  }
  math.randomseed(tid * 7919 + 17)
  -- Globals, read by done() through thread:get (flat tables only: wrk 4.1 crashes
  -- copying nested tables between threads).
  lat_page, lat_read, lat_check, lat_save = {}, {}, {}, {}
  lat = { page = lat_page, read = lat_read, check = lat_check, save = lat_save }
  statuses = {}
  acked = 0
  stale = 0
  errors = 0
  error_sample = ""
end

function request()
  local r = math.random()
  started = now_us()
  if r < 0.30 then
    kind = "page"
    return wrk.format("GET", "/d/" .. doc, page_headers)
  elseif r < 0.50 then
    kind = "read"
    return wrk.format("GET", "/api/documents/" .. doc, get_headers)
  elseif r < 0.80 then
    kind = "check"
    return wrk.format("POST", "/api/check", body_headers, check_body)
  else
    kind = "save"
    n = n + 1
    local body = '{"base_revision":' .. known .. ',"note":"load ' .. tid .. '.' .. n ..
        '","text":"' .. text_json .. '\\nLoad save ' .. tid .. '.' .. n .. '.\\n"}'
    return wrk.format("PUT", "/api/documents/" .. doc, body_headers, body)
  end
end

function response(status, headers, body)
  local took = now_us() - started
  local samples = lat[kind]
  samples[#samples + 1] = took
  local key = kind .. " " .. status
  statuses[key] = (statuses[key] or 0) + 1
  if kind == "save" and status >= 200 and status < 300 then
    acked = acked + 1
    local number = string.match(body, '"number":(%d+)')
    if number then known = tonumber(number) end
  elseif kind == "save" and status == 409 then
    stale = stale + 1
    local current = string.match(body, '"current_revision":(%d+)')
    if current then known = tonumber(current) end
  elseif status >= 200 and status < 300 then
    if kind == "read" then
      local current = string.match(body, '"current_revision":(%d+)')
      if current and tonumber(current) > known then known = tonumber(current) end
    end
  else
    errors = errors + 1
    if error_sample == "" then
      error_sample = kind .. " " .. status .. ": " .. string.gsub(string.sub(body or "", 1, 200), "%s+", " ")
    end
  end
end

-- ---- the report ----

local function percentile(sorted, p)
  if #sorted == 0 then return 0 end
  local i = math.ceil(#sorted * p / 100)
  if i < 1 then i = 1 end
  return sorted[i]
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local all = { page = {}, read = {}, check = {}, save = {} }
  local status_total = {}
  local per_doc = {}
  local total_acked, total_stale, total_errors = 0, 0, 0
  local sample = ""
  for _, thread in ipairs(threads) do
    for k, list in pairs(all) do
      for _, v in ipairs(thread:get("lat_" .. k)) do list[#list + 1] = v end
    end
    for k, v in pairs(thread:get("statuses")) do
      status_total[k] = (status_total[k] or 0) + v
    end
    local d = docs[(thread:get("tid") - 1) % #docs + 1]
    per_doc[d] = (per_doc[d] or 0) + thread:get("acked")
    total_acked = total_acked + thread:get("acked")
    total_stale = total_stale + thread:get("stale")
    total_errors = total_errors + thread:get("errors")
    if sample == "" then sample = thread:get("error_sample") end
  end
  local e = summary.errors
  io.write(string.format(
    "RESULT kind=all requests=%d rps=%.0f p50_ms=%.2f p99_ms=%.2f max_ms=%.2f errors=%d stale=%d acked=%d socket_errors=%d timeouts=%d\n",
    summary.requests, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    total_errors, total_stale, total_acked, e.connect + e.read + e.write, e.timeout))
  for _, k in ipairs({ "page", "read", "check", "save" }) do
    local list = all[k]
    table.sort(list)
    io.write(string.format("RESULT kind=%s requests=%d rps=%.0f p50_ms=%.2f p99_ms=%.2f max_ms=%.2f\n",
      k, #list, #list / seconds, percentile(list, 50) / 1000, percentile(list, 99) / 1000,
      (list[#list] or 0) / 1000))
  end
  local keys = {}
  for k in pairs(status_total) do table.insert(keys, k) end
  table.sort(keys)
  for _, k in ipairs(keys) do io.write(string.format("STATUS %s %d\n", k, status_total[k])) end
  for d, count in pairs(per_doc) do io.write(string.format("ACKED %s %d\n", d, count)) end
  if sample ~= "" then io.write("ERROR_SAMPLE " .. sample .. "\n") end
end
