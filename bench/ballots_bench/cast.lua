-- wrk script: every request spends a different one-time code (read from CODES_FILE, split among
-- the threads), posting BODY_FILE's JSON with the code put in place of @CODE@.
local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
  table.insert(threads, thread)
end

function init(args)
  local nthreads = tonumber(os.getenv("WRK_THREADS"))
  local codes = {}
  local index = 0
  for line in io.lines(os.getenv("CODES_FILE")) do
    if index % nthreads == id - 1 then
      table.insert(codes, line)
    end
    index = index + 1
  end
  local f = io.open(os.getenv("BODY_FILE"))
  template = f:read("*a")
  f:close()
  my_codes = codes
  receipts = io.open(os.getenv("RECEIPTS_PREFIX") .. id .. ".txt", "w")
  next_code = 1
  created = 0
  refused = 0
  other = 0
  exhausted = 0
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
end

-- DELAY_MS (optional): a pause after each response on a connection, to offer a steady rate
-- instead of saturating the server.
local pause = tonumber(os.getenv("DELAY_MS") or "0")

function delay()
  return pause
end

function request()
  local code = my_codes[next_code]
  if code == nil then
    exhausted = exhausted + 1
    code = my_codes[1]
  else
    next_code = next_code + 1
  end
  local body = string.gsub(template, "@CODE@", code)
  return wrk.format(nil, nil, nil, body)
end

function response(status, headers, body)
  if status == 201 then
    created = created + 1
    receipts:write((string.match(body, '"receipt": ?"([%w%-]+)"') or string.match(body, '"id": ?"([%w%-]+)"') or "?") .. "\n")
  elseif status == 409 then
    refused = refused + 1
  else
    other = other + 1
  end
end

function done(summary, latency, requests)
  local c, r, o, e = 0, 0, 0, 0
  for _, thread in ipairs(threads) do
    c = c + thread:get("created")
    r = r + thread:get("refused")
    o = o + thread:get("other")
    e = e + thread:get("exhausted")
  end
  io.write(string.format(
    'WRK_JSON {"duration_us": %d, "requests": %d, "created": %d, "refused": %d, "other": %d, "exhausted": %d, ' ..
    '"errors": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d, "max_us": %d}\n',
    summary.duration, summary.requests, c, r, o, e,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.status + summary.errors.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max))
end
