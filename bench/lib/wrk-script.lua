-- wrk's side of bench/lib/wrk.mjs: one scenario's requests, and a check of EVERY answer.
-- wrk.mjs puts `cfg = {...}` above this text. Distinct tokens come from a file of
-- fixed-width records (one token per record, space-padded), read from `tokens.offset`
-- on, so that each run carries on where the last one of the same stream stopped.
-- Counters are globals: done() reads them from each thread with thread:get(). wrk calls
-- request() once before the run to check what it returns: that token is skipped, not sent.

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

sent, bad_status, bad_answer, first_wrong = 0, 0, 0, ""

local tokens = cfg.tokens
local expect = cfg.expect
local file, position, static_request

function init(args)
  if tokens then
    file = assert(io.open(tokens.file, "rb"))
    position = tokens.offset
    file:seek("set", position * tokens.record)
  else
    static_request = wrk.format(cfg.method, cfg.path, cfg.headers, cfg.body)
  end
end

local function next_token()
  if position == tokens.count then
    position = 0
    file:seek("set", 0)
  end
  position = position + 1
  return file:read(tokens.record):match("^(%S+)")
end

function request()
  sent = sent + 1
  if not tokens then
    return static_request
  end
  local token = next_token()
  if tokens.header then
    local headers = {}
    for name, value in pairs(cfg.headers) do
      headers[name] = value
    end
    headers[tokens.header] = tokens.prefix .. token
    return wrk.format(cfg.method, cfg.path, headers, cfg.body)
  end
  return wrk.format(cfg.method, cfg.path, cfg.headers, tokens.prefix .. token .. tokens.suffix)
end

local function answer_ok(status, headers, body)
  if status ~= expect.status then
    return false
  end
  for _, part in ipairs(expect.includes) do
    if not string.find(body or "", part, 1, true) then
      return false
    end
  end
  if expect.header then
    local found
    for name, value in pairs(headers) do
      if string.lower(name) == expect.header[1] then
        found = value
      end
    end
    if found ~= expect.header[2] then
      return false
    end
  end
  return true
end

function response(status, headers, body)
  if answer_ok(status, headers, body) then
    return
  end
  if status < 200 or status > 299 then
    bad_status = bad_status + 1
  else
    bad_answer = bad_answer + 1
  end
  if first_wrong == "" then
    first_wrong = status .. " " .. string.sub(body or "", 1, 200)
  end
end

local function quoted(text)
  return '"' .. string.gsub(text, '[%c"\\]', function(c)
    return string.format("\\u%04x", string.byte(c))
  end) .. '"'
end

function done(summary, latency, requests)
  local totals = { sent = 0, bad_status = 0, bad_answer = 0 }
  local first = ""
  for _, thread in ipairs(threads) do
    for name in pairs(totals) do
      totals[name] = totals[name] + thread:get(name)
    end
    if first == "" then
      first = thread:get("first_wrong")
    end
  end
  local errors = summary.errors
  io.write(string.format(
    'WRK_RESULT {"requests":%d,"durationUs":%d,"p50Us":%d,"p99Us":%d,"socketErrors":%d,"timeouts":%d,"sent":%d,"badStatus":%d,"badAnswer":%d,"firstWrong":%s}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    errors.connect + errors.read + errors.write, errors.timeout,
    totals.sent, totals.bad_status, totals.bad_answer, quoted(first)))
end
