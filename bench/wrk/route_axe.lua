-- wrk script: cti_bridge routing requests for calls to AXE numbers seeded
-- by bench/numbers_bench.py (bench_modes): binding i has A = A_BASE + i on
-- X = X_BASE + (i % X_COUNT) with extension i // X_COUNT (4 digits).
-- CTIB_AXE_ROUND=prompt: a call's first request (answered with
-- play_and_get_digits); =digits: the second one with the right extension
-- under the answer's var_name (answered with the dial to A).
local secret = os.getenv("CTIB_SECRET")
local bindings = tonumber(os.getenv("CTIB_BINDINGS"))
local x_count = tonumber(os.getenv("CTIB_X_COUNT"))
local x_base = tonumber(os.getenv("CTIB_X_BASE"))
local n_base = tonumber(os.getenv("CTIB_N_BASE"))
local digits = os.getenv("CTIB_AXE_ROUND") == "digits"
local counter = 0

function setup(thread)
  thread:set("seed", math.random(1, 1000000))
end

function init(args)
  math.randomseed(seed or os.time())
end

request = function()
  counter = counter + 1
  local i = math.random(0, bindings - 1)
  local caller = string.format("+%d", n_base + math.random(0, 999999))
  local x = string.format("+%d", x_base + (i % x_count))
  local uuid = string.format("bench-axe-%d-%d-%d", seed or 0, counter, i)
  local path = "/v1/cti?secret=" .. secret .. "&action=request&uuid=" .. uuid
    .. "&caller_id_number=%2B" .. caller:sub(2) .. "&caller_id_name=&destination_number=%2B" .. x:sub(2)
    .. "&network_addr=127.0.0.1&network_port=5060&profile=internal&sip_call_id=" .. uuid
    .. "&sip_from_user=%2B" .. caller:sub(2) .. "&sip_from_host=127.0.0.1&sip_to_user=%2B" .. x:sub(2)
    .. "&sip_req_user=%2B" .. x:sub(2) .. "&direction=inbound"
  if digits then
    path = path .. string.format("&ctib_extension_1=%04d&read_result=success", math.floor(i / x_count))
  end
  return wrk.format("GET", path)
end
