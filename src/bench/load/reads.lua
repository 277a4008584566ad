-- wrk script for `sakshya bench load`: listing (pages 1-5 of 20) and
-- status (one request with its items and history), alternately, with the
-- load user's bearer token. The token and the request ids are read from
-- the files named by SAKSHYA_LOAD_TOKEN_FILE and SAKSHYA_LOAD_IDS_FILE.

local ids, n = {}, 0

function init(args)
  local token = slurp(os.getenv("SAKSHYA_LOAD_TOKEN_FILE"))
  for id in slurp(os.getenv("SAKSHYA_LOAD_IDS_FILE")):gmatch("[^\n]+") do
    ids[#ids + 1] = id
  end
  wrk.headers["Authorization"] = "Bearer " .. token
end

function request()
  n = n + 1
  local k = math.floor(n / 2)
  if n % 2 == 0 then
    return wrk.format("GET", "/api/v1/requests?per_page=20&page=" .. (1 + k % 5))
  end
  return wrk.format("GET", "/api/v1/requests/" .. ids[1 + k % #ids])
end
