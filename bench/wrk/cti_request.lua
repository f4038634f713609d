-- What the numbers bench's wrk scripts (route.lua, route_axe.lua,
-- route_axg.lua) share: the cti_bridge routing request as the engine sends
-- it (docs/protocol.md §2.1) and each thread's seed. Found through LUA_PATH,
-- which bench/numbers_bench.py's wrk() sets to this folder.
local M = {}

-- A seed per thread from the clock and the thread's number: two runs (or
-- two threads) must not send the same call uuids, since a uuid the service
-- has seen is no new call (an unseeded math.random gave every run the same).
local threads = 0
function M.setup(thread)
  threads = threads + 1
  thread:set("seed", (os.time() % 1000000) * 100 + threads)
end

function M.init()
  math.randomseed(seed or os.time())  -- `seed`: the global M.setup gave this thread
end

function M.uuid(kind, counter, i)
  return string.format("bench-%s-%d-%d-%d", kind, seed or 0, counter, i)
end

-- caller and x in E.164 ("+86..."); extra: more "&name=value" pairs.
function M.path(secret, uuid, caller, x, extra)
  return "/v1/cti?secret=" .. secret .. "&action=request&uuid=" .. uuid
    .. "&caller_id_number=%2B" .. caller:sub(2) .. "&caller_id_name=&destination_number=%2B" .. x:sub(2)
    .. "&network_addr=127.0.0.1&network_port=5060&profile=internal&sip_call_id=" .. uuid
    .. "&sip_from_user=%2B" .. caller:sub(2) .. "&sip_from_host=127.0.0.1&sip_to_user=%2B" .. x:sub(2)
    .. "&sip_req_user=%2B" .. x:sub(2) .. "&direction=inbound" .. (extra or "")
end

return M
