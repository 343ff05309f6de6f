-- GET the document page with a session cookie (BENCH_SESSION), as a signed-in browser.
wrk.headers["Cookie"] = "prfaq_session=" .. os.getenv("BENCH_SESSION")
dofile(os.getenv("BENCH_LIB") .. "/report.lua")
