-- wrk script for `sakshya bench load`: filing new draft requests (one
-- camera, ten minutes ending two hours ago) at a bounded rate, with the
-- load user's bearer token. The token and the camera id are read from the
-- files named by SAKSHYA_LOAD_TOKEN_FILE and SAKSHYA_LOAD_CAMERA_FILE.

local camera, n, tag = nil, 0, nil

function init(args)
  camera = slurp(os.getenv("SAKSHYA_LOAD_CAMERA_FILE"))
  wrk.headers["Authorization"] = "Bearer " .. slurp(os.getenv("SAKSHYA_LOAD_TOKEN_FILE"))
  wrk.headers["Content-Type"] = "application/json"
  tag = tostring(os.time()) .. "-" .. tostring(math.random(1, 1000000))
end

local function utc(t)
  return os.date("!%Y-%m-%dT%H:%M:%SZ", t)
end

function request()
  n = n + 1
  local stop = os.time() - 7200
  local body = string.format(
    '{"fir_number":"W%s-%d/2026","bns_sections":["303(2)"],"incident_place":"Load test junction",'
      .. '"incident_at":"%s","purpose":"Load test","urgency":"routine","notice_reference":"LOAD-%s-%d",'
      .. '"items":[{"camera_id":"%s","start":"%s","end":"%s"}]}',
    tag, n, utc(stop - 1800), tag, n, camera, utc(stop - 600), utc(stop))
  return wrk.format("POST", "/api/v1/requests", nil, body)
end

-- Milliseconds each connection waits between filings.
function delay()
  return 20
end
