// One atomic step of a rule's sliding window for one group key, run in Redis so any number of
// workers share the state. Event time: every window (e - window, e] holding the record is
// evaluated (e its own time, or a later record's when records arrive out of order), so a
// burst is seen however its records are spread over jobs; records later than the group's
// newest by more than the lateness bound are dropped. Members are log ids (count, sum) or pseudonymised values (distinct), so a record
// processed twice adds nothing twice. When the aggregate crosses the threshold and the group
// is not suppressed, the record becomes the alert's trigger and suppression starts; the same
// trigger record seen again (a redelivery) returns the same alert again, so the alert insert
// can be retried after a crash without ever making a second alert.
//
// KEYS: window zset, amounts hash, samples zset, watermark, suppression.
// ARGV: t, windowMs, latenessMs, member, amount, kind, thresholdOp, threshold, suppressMs, logId.
// Returns {status, value, triggerTime, ...sampleLogIds}: status 1 new alert, 2 the same alert
// again (redelivered trigger), 0 no alert, -1 too late.
export const SLIDING_WINDOW_SCRIPT = `
local W, A, S, WM, SUP = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
local t = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local lateness = tonumber(ARGV[3])
local member, amount, kind = ARGV[4], ARGV[5], ARGV[6]
local op, limit, suppress, logId = ARGV[7], tonumber(ARGV[8]), tonumber(ARGV[9]), ARGV[10]
local ttl = window + lateness + 60000

local wm = tonumber(redis.call('GET', WM) or '-1')
if wm >= 0 and t < wm - lateness then return {-1, '0', '0'} end
if t > wm then wm = t end
redis.call('SET', WM, wm, 'PX', ttl)

if kind == 'distinct' then
  redis.call('ZADD', W, 'GT', t, member)
  redis.call('ZADD', S, 'GT', t, logId)
else
  redis.call('ZADD', W, 'GT', t, member)
  if kind == 'sum' then redis.call('HSET', A, member, amount) end
end

-- Forget what no window can reach any more.
local floor = '(' .. (wm - window - lateness)
if kind == 'sum' then
  local old = redis.call('ZRANGEBYSCORE', W, '-inf', floor)
  for i = 1, #old, 1000 do redis.call('HDEL', A, unpack(old, i, math.min(i + 999, #old))) end
end
redis.call('ZREMRANGEBYSCORE', W, '-inf', floor)
redis.call('ZREMRANGEBYSCORE', S, '-inf', floor)
for _, key in ipairs({W, A, S}) do redis.call('PEXPIRE', key, ttl) end

-- The aggregate over the window (e - window, e].
local function aggregate(e)
  local lo = '(' .. (e - window)
  if kind ~= 'sum' then return redis.call('ZCOUNT', W, lo, e) end
  local total = 0
  local ids = redis.call('ZRANGEBYSCORE', W, lo, e)
  for i = 1, #ids, 1000 do
    local amounts = redis.call('HMGET', A, unpack(ids, i, math.min(i + 999, #ids)))
    for _, a in ipairs(amounts) do total = total + (tonumber(a) or 0) end
  end
  return total
end

-- Every window holding this record: the one ending at it, and (when records arrive out of
-- order, e.g. from concurrent jobs) those ending at later records already counted.
local value, windowEnd = aggregate(t), t
local later = redis.call('ZRANGEBYSCORE', kind == 'distinct' and S or W, '(' .. t, '(' .. (t + window), 'WITHSCORES', 'LIMIT', 0, 100)
for i = 2, #later, 2 do
  local e = tonumber(later[i])
  if e ~= windowEnd then
    local v = aggregate(e)
    if v > value then value, windowEnd = v, e end
  end
end
local lo = '(' .. (windowEnd - window)

local crossed = (op == 'gt' and value > limit) or (op ~= 'gt' and value >= limit)
if not crossed then return {0, tostring(value), '0'} end

local status, trigger = 1, t
local held = redis.call('GET', SUP)
if held then
  local heldLog, heldTime = string.match(held, '^([^|]*)|(.*)$')
  if heldLog ~= logId then return {0, tostring(value), '0'} end
  status, trigger = 2, tonumber(heldTime)
else
  trigger = windowEnd
  redis.call('SET', SUP, logId .. '|' .. windowEnd, 'PX', suppress)
end
local samples = redis.call('ZRANGEBYSCORE', kind == 'distinct' and S or W, lo, windowEnd, 'LIMIT', 0, 10)
local out = {status, tostring(value), tostring(trigger)}
for _, id in ipairs(samples) do table.insert(out, id) end
return out
`;
