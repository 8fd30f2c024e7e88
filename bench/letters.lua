-- wrk script for bench/letters.py: members reporting letters, or visitors reading the case page.
--
--   wrk -t T -c C -d D -s bench/letters.lua URL -- report T JOBS_FILE CSRF DONE_FOLDER
--   wrk -t T -c C -d D -s bench/letters.lua URL -- page
--
-- Each line of JOBS_FILE is "<session key> <letters>": one member's report (each is listed twice:
-- a double click or a replay), POSTed to URL with the member's session cookie and the CSRF cookie
-- and header. Thread k of T sends lines k, k+T, ... and, once all of them are answered, leaves a
-- file in DONE_FOLDER: wrk itself runs until -d ends or SIGINT, so bench/letters.py interrupts it
-- when every thread is done. Connections that ask for more meanwhile replay the thread's first
-- reports (idempotent, as every replay is). The page mode GETs URL. On SIGINT or at the end wrk
-- prints its figures; the last line is "wrk-json {...}".

local threads = {}

function setup(thread)
  thread:set("thread_number", #threads)
  table.insert(threads, thread)
end

function init(args)
  mode = args[1]
  statuses = {}
  answered = 0
  sent = 0
  prepared = {}
  if mode == "page" then
    table.insert(prepared, wrk.format("GET"))
    return
  end
  local thread_count, jobs_file, csrf = tonumber(args[2]), args[3], args[4]
  done_file = args[5] .. "/" .. thread_number
  local line_number = 0
  for line in io.lines(jobs_file) do
    if line_number % thread_count == thread_number then
      local session, letters = line:match("^(%S+) (%d+)$")
      local headers = {
        ["Cookie"] = "sessionid=" .. session .. "; csrftoken=" .. csrf,
        ["X-CSRFToken"] = csrf,
        ["Content-Type"] = "application/x-www-form-urlencoded",
      }
      table.insert(prepared, wrk.format("POST", nil, headers, "letters=" .. letters .. "&channels=post&channels=email"))
    end
    line_number = line_number + 1
  end
end

function request()
  sent = sent + 1
  return prepared[(sent - 1) % #prepared + 1]
end

function response(status, headers, body)
  answered = answered + 1
  statuses[status] = (statuses[status] or 0) + 1
  if mode == "report" and answered == #prepared then
    io.open(done_file, "w"):close()
  end
end

function done(summary, latency, requests)
  local merged = {}
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses")) do
      merged[status] = (merged[status] or 0) + count
    end
  end
  local parts = {}
  for status, count in pairs(merged) do
    table.insert(parts, string.format('"%d": %d', status, count))
  end
  local errors = summary.errors
  io.write(string.format(
    'wrk-json {"requests": %d, "duration_us": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d, "max_us": %d, '
      .. '"socket_errors": %d, "statuses": {%s}}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max,
    errors.connect + errors.read + errors.write + errors.timeout, table.concat(parts, ", ")
  ))
end
