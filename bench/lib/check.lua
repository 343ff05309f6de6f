-- POST /api/check with the 1,500-word text (the file BENCH_CHECK_BODY), as the editor's
-- script does while the user types: session cookie plus the X-CSRF-Token header.
local f = assert(io.open(os.getenv("BENCH_CHECK_BODY"), "rb"))
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Cookie"] = "prfaq_session=" .. os.getenv("BENCH_SESSION")
wrk.headers["X-CSRF-Token"] = os.getenv("BENCH_CSRF")
dofile(os.getenv("BENCH_LIB") .. "/report.lua")
