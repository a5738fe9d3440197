-- wrk hooks for bench/run. done() prints the run as one JSON line (latencies in ms, errors counted). With
-- BENCH_SKU_COUNT set, every request asks for a random product BENCH-0000001 … of the generated catalog.
local count = tonumber(os.getenv("BENCH_SKU_COUNT") or "")

init = function(args)
  math.randomseed(os.time() + math.floor(os.clock() * 1000000))
end

if count then
  request = function()
    return wrk.format(nil, string.format("/api/products/BENCH-%07d", math.random(1, count)))
  end
end

done = function(summary, latency, requests)
  local e = summary.errors
  local seconds = summary.duration / 1e6
  io.write(string.format(
    '{"requests":%d,"durationSeconds":%.3f,"rps":%.1f,"p50Ms":%.3f,"p90Ms":%.3f,"p99Ms":%.3f,"p999Ms":%.3f,' ..
    '"maxMs":%.3f,"meanMs":%.3f,"non2xx":%d,"socketErrors":%d}\n',
    summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency:percentile(99.9) / 1000, latency.max / 1000, latency.mean / 1000,
    e.status, e.connect + e.read + e.write + e.timeout))
end
