-- wrk script: POST /panels/p0..p7/trigger/inc round-robin with a bearer token (TOKEN env), no body.
-- wrk -t1 -c32 -d5s -s wrk-trigger.lua --latency http://127.0.0.1:$PORT
local token = os.getenv("TOKEN") or error("set TOKEN")
local panels = tonumber(os.getenv("PANELS") or "8")
local headers = { ["Authorization"] = "Bearer " .. token }
local i = 0

request = function()
  i = i + 1
  return wrk.format("POST", "/panels/p" .. (i % panels) .. "/trigger/inc", headers)
end

response = function(status)
  if status ~= 200 then error("unexpected status " .. status) end
end
