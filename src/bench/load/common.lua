-- Shared by the wrk scripts of `sakshya bench load`; wrk.rs puts it in
-- front of each script.

-- A file's contents without trailing whitespace.
function slurp(path)
  local f = assert(io.open(path, "r"))
  local s = f:read("*a")
  f:close()
  return (s:gsub("%s+$", ""))
end

-- The run's figures as one JSON line after `SAKSHYA `, read by wrk.rs.
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'SAKSHYA {"requests":%d,"duration_us":%d,"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d,"p50_us":%d,"p99_us":%d,"max_us":%d}\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(99), latency.max))
end
