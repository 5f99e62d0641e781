-- wrk: POST one NYC persona to /v1/evaluate (summary detail), on every request.
local f = assert(io.open(os.getenv("ONRAMP_CASE"), "r"))
local case = f:read("*a")
f:close()
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"case":' .. case .. ',"options":{"as_of":"2026-11-23","detail":"summary"}}'
