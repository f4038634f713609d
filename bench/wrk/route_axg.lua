-- wrk script: cti_bridge routing requests from group members to AXG numbers
-- seeded by bench/numbers_bench.py (bench_modes): binding i has A = A_BASE +
-- i on X = X_BASE + i and group i % GROUPS, whose member k is
-- N_BASE + g * MEMBERS + k. Every request is a member's call: a dial answer.
local cti = require("cti_request")
local secret = os.getenv("CTIB_SECRET")
local bindings = tonumber(os.getenv("CTIB_BINDINGS"))
local x_base = tonumber(os.getenv("CTIB_X_BASE"))
local n_base = tonumber(os.getenv("CTIB_N_BASE"))
local groups = tonumber(os.getenv("CTIB_GROUPS"))
local members = tonumber(os.getenv("CTIB_MEMBERS"))
local counter = 0

setup = cti.setup
init = cti.init

request = function()
  counter = counter + 1
  local i = math.random(0, bindings - 1)
  local g = i % groups
  local caller = string.format("+%d", n_base + g * members + math.random(0, members - 1))
  local x = string.format("+%d", x_base + i)
  return wrk.format("GET", cti.path(secret, cti.uuid("axg", counter, i), caller, x))
end
