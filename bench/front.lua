-- wrk script for bench/front.py. PATH is the request path; with VARY=1 each request appends a SPARQL comment
-- holding RUN (another per wrk run) and a counter (the same query, another text: no answer cached by this run
-- or an earlier one can serve it). With RATE=N the requests are
-- paced open-loop at N per second in total (run with -t1): each takes the next slot of the schedule.
local ffi = require("ffi")
ffi.cdef[[ typedef struct { long tv_sec; long tv_nsec; } wrk_ts; int clock_gettime(int, wrk_ts*); ]]
local ts = ffi.new("wrk_ts")
local function now_ms() ffi.C.clock_gettime(1, ts); return tonumber(ts.tv_sec) * 1000 + tonumber(ts.tv_nsec) / 1e6 end
local path = os.getenv("PATH_Q") or "/"
local vary = os.getenv("VARY") == "1"
local run = os.getenv("RUN") or "0"
local rate = tonumber(os.getenv("RATE") or "0")
local period = rate > 0 and 1000 / rate or 0
local counter = 0
local nxt = nil
function request()
  counter = counter + 1
  if vary then return wrk.format("GET", path .. "%0A%23" .. run .. "-" .. counter) end
  return wrk.format("GET", path)
end
if rate > 0 then
  function delay()
    local t = now_ms()
    if nxt == nil or nxt < t - 50 then nxt = t end  -- never a backlog of more than 50 ms
    nxt = nxt + period
    local d = nxt - t
    if d < 0 then return 0 end
    return d
  end
end
