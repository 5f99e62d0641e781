-- wrk: a soak of good requests mixed with malformed ones (bad JSON, a wrong content type,
-- no case, an unknown route, a wrong method). Counts the answers by status at the end.
local f = assert(io.open(os.getenv("ONRAMP_CASE"), "r"))
local case = f:read("*a")
f:close()
local good = '{"case":' .. case .. ',"options":{"as_of":"2026-11-23","detail":"summary"}}'
local json = { ["Content-Type"] = "application/json" }
local requests = {
  wrk.format("POST", "/v1/evaluate", json, good),
  wrk.format("POST", "/v1/evaluate", json, '{"case": {"persons": [ {'),
  wrk.format("POST", "/v1/evaluate", { ["Content-Type"] = "text/plain" }, good),
  wrk.format("POST", "/v1/evaluate", json, '{"options":{}}'),
  wrk.format("GET", "/v1/nowhere", nil, nil),
  wrk.format("GET", "/v1/evaluate", nil, nil),
  wrk.format("POST", "/v1/evaluate", json, good),
  wrk.format("GET", "/v1/health", nil, nil),
}
counts = {}
local threads = {}
local i = 0
function setup(thread)
  table.insert(threads, thread)
end
function init()
  counts = {}
end
function request()
  i = i + 1
  return requests[(i % #requests) + 1]
end
function response(status)
  counts[status] = (counts[status] or 0) + 1
end
function done()
  local total = {}
  for _, t in ipairs(threads) do
    local c = t:get("counts")
    for status, n in pairs(c) do
      total[status] = (total[status] or 0) + n
    end
  end
  local line = "answers by status:"
  for _, status in ipairs({ 200, 400, 404, 405, 408, 411, 413, 415, 503 }) do
    if total[status] then
      line = line .. " " .. status .. "=" .. total[status]
    end
  end
  print(line)
end
