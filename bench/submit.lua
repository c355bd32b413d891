-- wrk script: POST valid interest forms, each with its own idempotency key, and count answers
-- that are not 201.
--
-- With KP_BENCH_SECOND=host:port, every second thread (and so half the connections) sends to that
-- server instead of the one on the command line: one load generator for two server processes,
-- one latency histogram over both. With KP_BENCH_SPREAD=1, every request names its own client
-- (X-Forwarded-For 10.<thread>.x.y; the server must trust 127.0.0.1 as a proxy).
local counter = 0
local threads = {}
local second = os.getenv("KP_BENCH_SECOND")
local spread = os.getenv("KP_BENCH_SPREAD") == "1"

function setup(thread)
  thread:set("id", #threads + 1)
  if second and second ~= "" and #threads % 2 == 1 then
    local host, port = second:match("^(.*):(%d+)$")
    thread.addr = wrk.lookup(host, port)[1]
  end
  table.insert(threads, thread)
end

function init(args)
  errors = 0
  -- consent_version must be kp_domain::application::CONSENT_VERSION (domain/src/application.rs).
  body = [[{"first_name":"Amina","last_name":"Yusuf","personnummer":"811218-9876",
  "address":"Storgatan 1","postcode":"123 45","town":"Exempelby","phone":"070-123 45 67",
  "email":"amina@example.se","assignment_types":["child"],"languages":["so","sv"],
  "occupation":"Undersköterska","frequency":"weekly","times":["evenings"],
  "motivation":"Jag vill ge tid till en ung person som behöver en vuxen till.",
  "consent":true,"consent_version":"2026-12-06","locale":"so"}]]
end

function request()
  counter = counter + 1
  local headers = {
    ["Content-Type"] = "application/json",
    ["Idempotency-Key"] = string.format("bench-%d-%012d-padding", id, counter),
  }
  if spread then
    headers["X-Forwarded-For"] = string.format("10.%d.%d.%d", id % 256, math.floor(counter / 256) % 256, counter % 256)
  end
  return wrk.format("POST", "/api/applications", headers, body)
end

function response(status, headers, body)
  if status ~= 201 then errors = errors + 1 end
end

function done(summary, latency, requests)
  local total_errors = 0
  for _, thread in ipairs(threads) do total_errors = total_errors + thread:get("errors") end
  io.write(string.format("RESULT requests=%d seconds=%.2f rps=%.1f p50_ms=%.2f p99_ms=%.2f non201=%d socket_errors=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, total_errors,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
