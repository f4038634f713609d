-- wrk script: cti_bridge routing requests from group members to AXG numbers
-- seeded by bench/numbers_bench.py (bench_modes): binding i has A = A_BASE +
-- i on X = X_BASE + i and group i % GROUPS, whose member k is
-- N_BASE + g * MEMBERS + k. Every request is a member's call: a dial answer.
local secret = os.getenv("CTIB_SECRET")
local bindings = tonumber(os.getenv("CTIB_BINDINGS"))
local x_base = tonumber(os.getenv("CTIB_X_BASE"))
local n_base = tonumber(os.getenv("CTIB_N_BASE"))
local groups = tonumber(os.getenv("CTIB_GROUPS"))
local members = tonumber(os.getenv("CTIB_MEMBERS"))
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
  local g = i % groups
  local caller = string.format("+%d", n_base + g * members + math.random(0, members - 1))
  local x = string.format("+%d", x_base + i)
  local uuid = string.format("bench-axg-%d-%d-%d", seed or 0, counter, i)
  local path = "/v1/cti?secret=" .. secret .. "&action=request&uuid=" .. uuid
    .. "&caller_id_number=%2B" .. caller:sub(2) .. "&caller_id_name=&destination_number=%2B" .. x:sub(2)
    .. "&network_addr=127.0.0.1&network_port=5060&profile=internal&sip_call_id=" .. uuid
    .. "&sip_from_user=%2B" .. caller:sub(2) .. "&sip_from_host=127.0.0.1&sip_to_user=%2B" .. x:sub(2)
    .. "&sip_req_user=%2B" .. x:sub(2) .. "&direction=inbound"
  return wrk.format("GET", path)
end
