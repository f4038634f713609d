-- wrk script: POST /v1/bindings (AXB) with fresh parties on every request, so
-- each one is a real bind (pool pick, conflict check, insert).
local key = os.getenv("CTIB_API_KEY")
local counter = 0
local thread_id = 0
local next_id = 0

function setup(thread)
  next_id = next_id + 1
  thread:set("thread_id", next_id)
end

request = function()
  counter = counter + 1
  local n = (thread_id or 0) * 10000000 + counter
  local body = string.format(
    '{"mode":"AXB","a":"+86150%08d","b":"+86151%08d","expiration":"2099-01-01T00:00:00Z"}', n, n)
  return wrk.format("POST", "/v1/bindings",
    {["Content-Type"] = "application/json", ["X-API-Key"] = key}, body)
end
