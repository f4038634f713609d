-- wrk script: cti_bridge routing requests (action=request) for random
-- bindings seeded by bench/numbers_bench.py: binding i has A = A_BASE + i
-- and X = X_BASE + (i % X_COUNT). Parameters come from the environment.
local cti = require("cti_request")
local secret = os.getenv("CTIB_SECRET")
local bindings = tonumber(os.getenv("CTIB_BINDINGS"))
local x_count = tonumber(os.getenv("CTIB_X_COUNT"))
local a_base = tonumber(os.getenv("CTIB_A_BASE"))
local x_base = tonumber(os.getenv("CTIB_X_BASE"))
local counter = 0

setup = cti.setup
init = cti.init

request = function()
  counter = counter + 1
  local i = math.random(0, bindings - 1)
  local a = string.format("+%d", a_base + i)
  local x = string.format("+%d", x_base + (i % x_count))
  return wrk.format("GET", cti.path(secret, cti.uuid("axb", counter, i), a, x))
end
