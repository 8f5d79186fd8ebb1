-- Readers of the public portal: every connection asks for the same page, pausing DELAY_MS between
-- requests (0: as fast as the server answers). At the end one line "WRK_JSON {...}" with the figures.
local delay_ms = tonumber(os.getenv("DELAY_MS") or "0")

request = function()
  return wrk.format("GET", wrk.path, {["User-Agent"] = "Mozilla/5.0 (bench reader)"})
end

delay = function()
  return delay_ms
end

done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format(
    'WRK_JSON {"requests": %d, "duration_us": %d, "bytes": %d, "errors": %d, "non2xx": %d, ' ..
    '"p50_us": %d, "p95_us": %d, "p99_us": %d, "max_us": %d, "mean_us": %.1f}\n',
    summary.requests, summary.duration, summary.bytes, errors, summary.errors.status,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max, latency.mean))
end
