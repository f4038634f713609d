-- wrk script: cti_bridge routing requests (action=request) for random
-- bindings seeded by bench/numbers_seed.py: binding i has A = A_BASE + i and
-- X = X_BASE + (i % X_COUNT). Parameters come from the environment.
local secret = os.getenv("CTIB_SECRET")
local bindings = tonumber(os.getenv("CTIB_BINDINGS"))
local x_count = tonumber(os.getenv("CTIB_X_COUNT"))
local a_base = tonumber(os.getenv("CTIB_A_BASE"))
local x_base = tonumber(os.getenv("CTIB_X_BASE"))
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
  local a = string.format("+%d", a_base + i)
  local x = string.format("+%d", x_base + (i % x_count))
  local uuid = string.format("bench-%d-%d-%d", seed or 0, counter, i)
  local path = "/v1/cti?secret=" .. secret .. "&action=request&uuid=" .. uuid
    .. "&caller_id_number=%2B" .. a:sub(2) .. "&caller_id_name=&destination_number=%2B" .. x:sub(2)
    .. "&network_addr=127.0.0.1&network_port=5060&profile=internal&sip_call_id=" .. uuid
    .. "&sip_from_user=%2B" .. a:sub(2) .. "&sip_from_host=127.0.0.1&sip_to_user=%2B" .. x:sub(2)
    .. "&sip_req_user=%2B" .. x:sub(2) .. "&direction=inbound"
  return wrk.format("GET", path)
end
