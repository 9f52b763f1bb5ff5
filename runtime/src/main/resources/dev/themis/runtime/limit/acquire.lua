-- Themis: check and record one message against the rate limits of every policy that counts it.
-- One call per message in standalone Redis (one call per hash slot in a Cluster). See
-- docs/adr/0002-exact-rate-limits.md for the model and its bounds.
--
-- KEYS (three per step, in step order; all keys of one step carry the object's hash tag):
--   KEYS[3i-2]  counter log of (policy, object): sorted set, member = one admitted unit, score = ms
--   KEYS[3i-1]  custom block of (policy, object): string "blocked until ms", with PX expiry
--   KEYS[3i]    metadata hash of the object, read once per object (fields bypass, manual_block, limit:<policy>,
--               block_count, last_block in Unix seconds)
-- ARGV:
--   [1] now, milliseconds since the epoch (chosen by the caller)
--   [2] mode: "commit" (the whole message is here: refused mail writes nothing), "refuse" (as
--       commit, but the caller refuses the message after these steps for a reason of its own, e.g.
--       SPF: when no step decides, nothing is written either) or "reserve" (one slot of several:
--       record every admitted step before the first terminal one; the caller releases
--       reservations afterwards and sets the custom block)
--   [3] token: unique per message; members are "<ARGV[1]>:<token>:<step>:<n>"
--   [4] metadata TTL in seconds (global_ttl), applied when this script creates the hash
--   [5] number of steps
--   then six values per step:
--   [6+6(i-1)+0] step number (global order of the step within the message)
--   [..+1] policy name (metadata field "limit:<policy>" overrides the conditions)
--   [..+2] weight: units this message consumes (recipients with CountRCPT, else 1)
--   [..+3] "1" when the policy refuses at the limit (block, defer), "0" (monitor, hold)
--   [..+4] custom block milliseconds (global_custom_block), 0 for none (no block is checked)
--   [..+5] conditions "limit:windowMs,limit:windowMs,..."
-- Reads: the three keys of each step. Writes: counter logs (ZADD, trim, PEXPIRE), the custom
-- block key and block_count/last_block of the metadata hash (commit mode only).
-- Returns: { terminal, code, retryMs, usage_1, ..., usage_k } where terminal is the 1-based
--   position of the deciding step (0: every step admitted), code is 0 admitted, 1 limit
--   exceeded, 2 custom block active, 3 metadata bypass, 4 manual block; retryMs is the exact wait
--   until the object may send again (codes 1 and 2); usage_j is a flat array
--   { limit, windowMs, count, ... } for each evaluated step (count after admission when admitted).

local now = tonumber(ARGV[1])
local commit = ARGV[2] == 'commit' or ARGV[2] == 'refuse'
local refuseAfter = ARGV[2] == 'refuse'
local token = ARGV[3]
local metaTtl = tonumber(ARGV[4])
local steps = tonumber(ARGV[5])

local function truthy(v)
  if not v then return false end
  v = string.lower(v)
  return v == 'true' or v == '1' or v == 'yes' or v == 'on'
end

-- "N:S,N:S" (script arguments, S in ms) or a JailSpec override "N:S;N:S" (S in seconds);
-- pieces that are not two positive integers are ignored (the in-memory limiter does the same)
local function parseConditions(text, fromSeconds)
  local out = {}
  for piece in string.gmatch(text, '[^;,%s]+') do
    local n, s = string.match(piece, '^(%d+):(%d+)$')
    if n then
      n, s = tonumber(n), tonumber(s)
      if n > 0 and s > 0 then
        if fromSeconds then s = s * 1000 end
        table.insert(out, { n, s })
      end
    end
  end
  return out
end

local usages = {}
local pending = {}
local metaCache = {}
local terminal, code, retry, terminalStep = 0, 0, 0, 0

for i = 1, steps do
  local a = 6 + 6 * (i - 1)
  local stepNo = ARGV[a]
  local policy = ARGV[a + 1]
  local weight = tonumber(ARGV[a + 2])
  local refuses = ARGV[a + 3] == '1'
  local customBlockMs = tonumber(ARGV[a + 4])
  local conditions = parseConditions(ARGV[a + 5], false)
  local counterKey, blockKey, metaKey = KEYS[3 * i - 2], KEYS[3 * i - 1], KEYS[3 * i]

  -- steps of one object share its metadata hash: read it once per object
  local fields = metaCache[metaKey]
  if not fields then
    fields = {}
    local flat = redis.call('HGETALL', metaKey)
    for f = 1, #flat, 2 do fields[flat[f]] = flat[f + 1] end
    metaCache[metaKey] = fields
  end
  local meta = { fields['bypass'], fields['manual_block'], fields['limit:' .. policy] }
  if truthy(meta[1]) then
    terminal, code, terminalStep = i, 3, i
    table.insert(usages, {})
    break
  end
  if truthy(meta[2]) then
    terminal, code, terminalStep = i, 4, i
    table.insert(usages, {})
    break
  end
  if meta[3] then
    local override = parseConditions(meta[3], true)
    if #override > 0 then conditions = override end
  end

  local maxWindow = 0
  for _, c in ipairs(conditions) do
    if c[2] > maxWindow then maxWindow = c[2] end
  end
  -- keep units for the largest window plus a margin: a caller whose "now" lags behind another
  -- caller's (clock read before a slow call, clocks of two hosts) must still find every unit of
  -- its own window; trimming at exactly now - maxWindow would drop units it still has to count
  local keep = maxWindow + math.max(maxWindow, 10000)
  if maxWindow > 0 then
    redis.call('ZREMRANGEBYSCORE', counterKey, '-inf', '(' .. (now - keep + 1))
  end

  -- the block key holds "blocked until" in the caller's clock; its PX expiry only collects it.
  -- With global_custom_block off (0) no block applies, not even one set before it was turned off.
  local blockedMs = 0
  if customBlockMs > 0 then
    blockedMs = (tonumber(redis.call('GET', blockKey)) or 0) - now
  end
  local usage = {}
  if blockedMs > 0 then
    for _, c in ipairs(conditions) do
      local count = redis.call('ZCOUNT', counterKey, '(' .. (now - c[2]), '+inf')
      table.insert(usage, c[1]); table.insert(usage, c[2]); table.insert(usage, count)
    end
    table.insert(usages, usage)
    terminal, code, retry, terminalStep = i, 2, blockedMs, i
    break
  end

  local exceeded = false
  local wait = 0
  local total = -1
  local counts = {}
  for j, c in ipairs(conditions) do
    local limit, windowMs = c[1], c[2]
    local count = redis.call('ZCOUNT', counterKey, '(' .. (now - windowMs), '+inf')
    counts[j] = count
    if count + weight > limit then
      exceeded = true
      local w
      if weight > limit then
        w = windowMs
      else
        -- the (count + weight - limit)-th oldest unit in the window must leave it first; the
        -- window's units are the newest `count` of the set, so that unit has this rank (O(log n))
        if total < 0 then total = redis.call('ZCARD', counterKey) end
        local rank = total - count + (count + weight - limit - 1)
        local nth = redis.call('ZRANGE', counterKey, rank, rank, 'WITHSCORES')
        w = tonumber(nth[2]) + windowMs - now
      end
      if w > wait then wait = w end
    end
  end
  for j, c in ipairs(conditions) do
    local shown = counts[j]
    if not exceeded then shown = shown + weight end
    table.insert(usage, c[1]); table.insert(usage, c[2]); table.insert(usage, shown)
  end
  table.insert(usages, usage)

  if exceeded then
    if customBlockMs > 0 and commit then
      redis.call('SET', blockKey, tostring(now + customBlockMs), 'PX', customBlockMs)
      if customBlockMs > wait then wait = customBlockMs end
    end
    terminal, code, retry, terminalStep = i, 1, wait, i
    if commit and refuses then
      -- only a hash this script creates gets global_ttl: an existing hash keeps its expiry, and one
      -- deliberately kept without expiry (it holds a limit override) must stay that way
      local created = redis.call('EXISTS', metaKey) == 0
      redis.call('HINCRBY', metaKey, 'block_count', 1)
      redis.call('HSET', metaKey, 'last_block', tostring(math.floor(now / 1000)))
      if created then redis.call('EXPIRE', metaKey, metaTtl) end
    end
    break
  end
  table.insert(pending, { counterKey, stepNo, weight, keep })
end

-- refused mail consumes nothing: in commit mode nothing is written when the deciding step
-- refuses (limit or custom block with block/defer, or manual block)
local refused = refuseAfter
if terminal > 0 then
  local a = 6 + 6 * (terminalStep - 1)
  local refuses = ARGV[a + 3] == '1'
  refused = code == 4 or ((code == 1 or code == 2) and refuses)
end
if not (commit and refused) then
  for _, p in ipairs(pending) do
    local key, stepNo, weight, keep = p[1], p[2], p[3], p[4]
    -- in chunks: unpack() is limited by the Lua C stack
    local n = 1
    while n <= weight do
      local args = {}
      local last = math.min(weight, n + 499)
      for m = n, last do
        table.insert(args, now)
        table.insert(args, ARGV[1] .. ':' .. token .. ':' .. stepNo .. ':' .. m)
      end
      redis.call('ZADD', key, unpack(args))
      n = last + 1
    end
    if keep > 0 then redis.call('PEXPIRE', key, keep) end
  end
end

local result = { terminal, code, retry }
for _, u in ipairs(usages) do table.insert(result, u) end
return result
