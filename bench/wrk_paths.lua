-- wrk script of bench/api_latency.py: GET the paths of one route group in turn, then print the run's
-- figures on one line that the bench parses.
--
--   wrk -t2 -c32 -d10s --latency -s bench/wrk_paths.lua http://127.0.0.1:PORT -- PATHS_FILE THREADS
--
-- PATHS_FILE holds one path a line; THREADS is wrk's -t. Each thread starts its cycle at its own share
-- of the list, so two threads do not ask for the same streamer at the same moment (a response cache
-- would flatter that), as the bench's Python clients do.

local MARKER = "wrk-figures"

local threads_set_up = 0
local paths = {}
local index = 0

function setup(thread)
  threads_set_up = threads_set_up + 1
  thread:set("thread_number", threads_set_up)
end

function init(args)
  for line in io.lines(args[1]) do
    if line ~= "" then
      paths[#paths + 1] = line
    end
  end
  if #paths == 0 then
    error("no paths in " .. args[1])
  end
  local threads = tonumber(args[2]) or 1
  index = math.floor((thread_number - 1) * #paths / threads)
  -- Browsers ask for compressed answers, and the server compresses what is worth it.
  wrk.headers["Accept-Encoding"] = "gzip"
end

function request()
  local path = paths[index % #paths + 1]
  index = index + 1
  return wrk.format("GET", path)
end

-- Latencies are in microseconds; errors are answers of 400 or more and failed sockets.
function done(summary, latency, requests)
  local e = summary.errors
  io.write(
    string.format(
      "%s p50_ms=%.3f p99_ms=%.3f requests=%d errors=%d seconds=%.3f\n",
      MARKER,
      latency:percentile(50) / 1000,
      latency:percentile(99) / 1000,
      summary.requests,
      e.status + e.connect + e.read + e.write + e.timeout,
      summary.duration / 1e6
    )
  )
end
