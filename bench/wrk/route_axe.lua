-- wrk script: cti_bridge routing requests for calls to AXE numbers seeded
-- by bench/numbers_bench.py (bench_modes): binding i has A = A_BASE + i on
-- X = X_BASE + (i % X_COUNT) with extension i // X_COUNT (4 digits).
-- CTIB_AXE_ROUND=prompt: a call's first request (answered with
-- play_and_get_digits); =digits: the second one with the right extension
-- under the answer's var_name (answered with the dial to A).
local cti = require("cti_request")
local secret = os.getenv("CTIB_SECRET")
local bindings = tonumber(os.getenv("CTIB_BINDINGS"))
local x_count = tonumber(os.getenv("CTIB_X_COUNT"))
local x_base = tonumber(os.getenv("CTIB_X_BASE"))
local n_base = tonumber(os.getenv("CTIB_N_BASE"))
local digits = os.getenv("CTIB_AXE_ROUND") == "digits"
local counter = 0

setup = cti.setup
init = cti.init

request = function()
  counter = counter + 1
  local i = math.random(0, bindings - 1)
  local caller = string.format("+%d", n_base + math.random(0, 999999))
  local x = string.format("+%d", x_base + (i % x_count))
  local extra = digits and string.format("&ctib_extension_1=%04d&read_result=success", math.floor(i / x_count))
  return wrk.format("GET", cti.path(secret, cti.uuid("axe", counter, i), caller, x, extra))
end
