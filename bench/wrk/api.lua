-- wrk script for scripts/bench: one scenario per run, chosen by environment variables.
--   BENCH_SCENARIO  session | documents | organization | members | upload | login, or the
--                   Loco peer's peer-current | peer-login
--   BENCH_SESSIONS  file of signed-in sessions, one per line: cookie csrf org_id [user_id]
--                   (the peer's: one bearer token per line)
--   BENCH_PEER_PASSWORD  the peer's seeded accounts' password (peer-login)
--   BENCH_LOGINS    file of seeded account emails, one per line (login)
--   BENCH_ORIGIN    the server's public URL, sent as Origin on writes
--   BENCH_OFFSET    where this run starts in the email list (runs do not reuse accounts)
--   BENCH_OUT       file the summary is appended to, one JSON object per run
--   BENCH_LABEL     free text copied into the summary (scenario, connections, phase)
-- Requests rotate over the sessions (so over organisations); logins rotate over accounts and
-- over client addresses (X-Forwarded-For, trusted from loopback), as many people signing in.

local threads = {}
local next_thread = 0

function setup(thread)
  thread:set("thread_index", next_thread)
  next_thread = next_thread + 1
  table.insert(threads, thread)
end

local function lines(path)
  local out = {}
  local file = path and path ~= "" and io.open(path)
  if not file then
    return out
  end
  file:close()
  for line in io.lines(path) do
    if line ~= "" then
      table.insert(out, line)
    end
  end
  return out
end

local scenario, origin
local sessions = {}
local emails = {}
local counter = 0
local upload_body, upload_type

function init(_)
  scenario = os.getenv("BENCH_SCENARIO")
  origin = os.getenv("BENCH_ORIGIN")
  for _, line in ipairs(lines(os.getenv("BENCH_SESSIONS"))) do
    local cookie, csrf, org = line:match("^(%S+) (%S+) (%S+)")
    table.insert(sessions, { cookie = cookie, csrf = csrf, org = org, token = line:match("^(%S+)") })
  end
  emails = lines(os.getenv("BENCH_LOGINS"))
  -- Threads start far apart so they neither share accounts nor addresses.
  counter = (tonumber(os.getenv("BENCH_OFFSET")) or 0) + thread_index * 100000
  local boundary = "vigilbench7d1f0c2a"
  local text = string.rep("Hand hygiene audit: all staff complete the five moments training. ", 8)
  upload_type = "multipart/form-data; boundary=" .. boundary
  upload_body = "--" .. boundary .. "\r\n"
    .. 'Content-Disposition: form-data; name="file"; filename="hand-hygiene-audit.txt"\r\n'
    .. "Content-Type: text/plain\r\n\r\n"
    .. text .. "\r\n"
    .. "--" .. boundary .. "--\r\n"
end

function request()
  counter = counter + 1
  if scenario == "login" then
    if #emails == 0 then
      error("BENCH_LOGINS names no accounts")
    end
    local email = emails[(counter % #emails) + 1]
    local ip = string.format("10.%d.%d.%d", math.floor(counter / 65536) % 256,
      math.floor(counter / 256) % 256, counter % 256)
    local body = string.format('{"email":"%s","password":"paperbark lantern orbit kettle"}', email)
    return wrk.format("POST", "/api/v1/auth/login", {
      ["Content-Type"] = "application/json",
      ["Origin"] = origin,
      ["X-Forwarded-For"] = ip,
    }, body)
  end
  if scenario == "peer-login" then
    local email = emails[(counter % #emails) + 1]
    local body = string.format('{"email":"%s","password":"%s"}', email, os.getenv("BENCH_PEER_PASSWORD"))
    return wrk.format("POST", "/api/auth/login", { ["Content-Type"] = "application/json" }, body)
  end
  local s = sessions[(counter % #sessions) + 1]
  if scenario == "peer-current" then
    return wrk.format("GET", "/api/auth/current", { ["Authorization"] = "Bearer " .. s.token })
  end
  local org = "/api/v1/organizations/" .. tostring(s.org)
  local headers = { ["Cookie"] = s.cookie }
  if scenario == "session" then
    return wrk.format("GET", "/api/v1/auth/session", headers)
  elseif scenario == "documents" then
    return wrk.format("GET", org .. "/documents", headers)
  elseif scenario == "organization" then
    return wrk.format("GET", org, headers)
  elseif scenario == "members" then
    return wrk.format("GET", org .. "/members", headers)
  elseif scenario == "upload" then
    headers["Origin"] = origin
    headers["X-CSRF-Token"] = s.csrf
    headers["Content-Type"] = upload_type
    return wrk.format("POST", org .. "/documents", headers, upload_body)
  end
  error("unknown BENCH_SCENARIO " .. tostring(scenario))
end

function done(summary, latency, _)
  local e = summary.errors
  local seconds = summary.duration / 1e6
  local out = assert(io.open(os.getenv("BENCH_OUT"), "a"))
  out:write(string.format(
    '{"label":"%s","requests":%d,"seconds":%.3f,"rps":%.2f,"p50_ms":%.3f,"p95_ms":%.3f,'
      .. '"p99_ms":%.3f,"max_ms":%.3f,"errors":%d,"non_2xx":%d}\n',
    os.getenv("BENCH_LABEL") or "", summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, e.connect + e.read + e.write + e.timeout + e.status, e.status))
  out:close()
end
