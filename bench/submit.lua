-- wrk script: POST valid interest forms, each with its own idempotency key, and count answers
-- that are not 201.
local counter = 0
local threads = {}

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  errors = 0
  body = [[{"first_name":"Amina","last_name":"Yusuf","personnummer":"811218-9876",
  "address":"Storgatan 1","postcode":"123 45","town":"Exempelby","phone":"070-123 45 67",
  "email":"amina@example.se","assignment_types":["child"],"languages":["so","sv"],
  "occupation":"Undersköterska","frequency":"weekly","times":["evenings"],
  "motivation":"Jag vill ge tid till en ung person som behöver en vuxen till.",
  "consent":true,"consent_version":"2026-11-22","locale":"so"}]]
end

function request()
  counter = counter + 1
  local headers = {
    ["Content-Type"] = "application/json",
    ["Idempotency-Key"] = string.format("bench-%d-%012d-padding", id, counter),
  }
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
