-- wrk script of the proof run (bench/run.sh): round-robins POST /panels/p{0..N-1}/trigger/inc with a bearer token.
-- Environment: NEXUS_TOKEN (required; a token with panels:execute), NEXUS_PANELS (default 8).
--   NEXUS_TOKEN=... wrk -t1 -c32 -d10s --latency -s bench/wrk/trigger.lua http://127.0.0.1:3000
-- The requests are built once in init(); request() only hands them out in turn.
local token = os.getenv("NEXUS_TOKEN")
local panels = tonumber(os.getenv("NEXUS_PANELS") or "8")
local requests = {}
local next_index = 0

function init(args)
  if token == nil or token == "" then
    error("NEXUS_TOKEN is not set")
  end
  for i = 0, panels - 1 do
    -- body "" makes wrk send Content-Length: 0 (an empty body: the trigger's args default to {}).
    requests[i] = wrk.format("POST", "/panels/p" .. i .. "/trigger/inc", { ["Authorization"] = "Bearer " .. token }, "")
  end
end

function request()
  local r = requests[next_index]
  next_index = (next_index + 1) % panels
  return r
end
