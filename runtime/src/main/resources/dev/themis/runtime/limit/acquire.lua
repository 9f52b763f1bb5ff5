-- Themis: check and record messages against the rate limits of every policy that counts them.
-- One call carries a batch of messages (standalone Redis: every message that queued up while the
-- previous call was out; a Cluster: one message's steps of one hash slot). All messages of a batch
-- are checked at one instant, the batch's "now", one after the other, exactly as if each had its own
-- call at that instant. See docs/adr/0002-exact-rate-limits.md for the model and its bounds and
-- docs/adr/0006-batched-limit-calls.md for the batching.
--
-- Because the batch shares one instant, each counter log is trimmed and counted once per batch and
-- written once at its end: later messages of the batch see the units of earlier ones through the
-- script's own tally (units admitted at "now" are always inside every window). Under skewed traffic
-- (a few senders, logins and domains send most mail) this makes Redis' work grow with the number of
-- distinct counters in a batch rather than with the number of messages.
--
-- KEYS (three per step, messages and their steps in order; all keys of one step carry the
-- object's hash tag):
--   counter log of (policy, object): sorted set, member = one admitted unit, score = ms
--   custom block of (policy, object): string "blocked until ms", with PX expiry
--   metadata hash of the object (fields bypass, manual_block, limit:<policy>, block_count,
--   last_block in Unix seconds)
-- ARGV:
--   [1] metadata TTL in seconds (global_ttl), applied when this script creates the hash
--   [2] number of messages
--   [3] now, milliseconds since the epoch (chosen by the caller), as an integer string
--   then per message:
--     mode: "commit" (the whole message is here: refused mail writes nothing), "refuse" (as
--       commit, but the caller refuses the message after these steps for a reason of its own,
--       e.g. SPF: when no step decides, nothing is written either) or "reserve" (one slot of
--       several: record every admitted step before the first terminal one; the caller releases
--       reservations afterwards and sets the custom block)
--     token: unique per message; members are "<token>:<step>:<n>" (the time is the score; a
--       shorter member keeps the sets small: Redis scans small sorted sets entry by entry)
--     number of steps
--     then per step:
--       step number (global order of the step within the message)
--       policy name (metadata field "limit:<policy>" overrides the conditions)
--       weight: units this message consumes (recipients with CountRCPT, else 1)
--       "1" when the policy refuses at the limit (block, defer), "0" (monitor, hold)
--       custom block milliseconds (global_custom_block), 0 for none (no block is checked)
--       number of conditions k, then k times: limit, window ms, "(<now - window>" (the exclusive
--         lower bound of the window, formatted by the caller: Lua would format the number with
--         printf on every call)
-- Reads: the three keys of each step, each at most once per batch. Writes, at most once per key
-- and batch: counter logs (trim, ZADD, PEXPIRE), the custom block key, block_count/last_block of
-- the metadata hash (commit mode only).
-- Returns: one reply per message, in order: { terminal, code, retryMs, usage_1, ..., usage_k }
--   where terminal is the 1-based position of the deciding step (0: every step admitted), code is
--   0 admitted, 1 limit exceeded, 2 custom block active, 3 metadata bypass, 4 manual block; retryMs
--   is the exact wait until the object may send again (codes 1 and 2); usage_j is a flat array
--   { limit, windowMs, count, ... } for each evaluated step (count after admission when admitted).

-- Hot path: every global the loops use is a local (Lua 5.1 looks globals up in a table on every
-- use), tables are filled by index rather than table.insert, and a step keeps its conditions in a
-- flat array of (limit, windowMs, bound) triples.
local tonumber, format, call, floor, max = tonumber, string.format, redis.call, math.floor, math.max
local lower, gmatch, match, unpack = string.lower, string.gmatch, string.match, unpack
local KEYS, ARGV = KEYS, ARGV

local metaTtl = tonumber(ARGV[1])
local messages = tonumber(ARGV[2])
local nowText = ARGV[3]
local now = tonumber(nowText)

local function truthy(v)
  if not v then return false end
  v = lower(v)
  return v == 'true' or v == '1' or v == 'yes' or v == 'on'
end

-- a JailSpec override "N:S;N:S" (S in seconds) as flat conditions { limit, windowMs, bound, ... };
-- pieces that are not two positive integers are ignored (the in-memory limiter does the same)
local function parseOverride(text)
  local out, n = {}, 0
  for piece in gmatch(text, '[^;,%s]+') do
    local l, s = match(piece, '^(%d+):(%d+)$')
    if l then
      l, s = tonumber(l), tonumber(s) * 1000
      if l > 0 and s > 0 then
        out[n + 1], out[n + 2], out[n + 3] = l, s, format('(%d', now - s)
        n = n + 3
      end
    end
  end
  return out, n / 3
end

-- Per batch: what Redis holds (read once) plus what this batch added (written at the end).
local metas = {}      -- metadata key -> { fields = {...}, or false when the object has no hash, blocks = n }
local metaOrder, nMetas = {}, 0
local logs = {}       -- counter key -> { counts = {bound -> n}, total = n|nil, added = n, members = {}, nMembers = n, keep = text }
local logOrder, nLogs = {}, 0
local blocks = {}     -- block key -> "blocked until" ms (0 when none)
local blockWrites = {}
local blockOrder, nBlocks = {}, 0

local function meta(key)
  local m = metas[key]
  if not m then
    local flat = call('HGETALL', key)
    local fields = false
    if #flat > 0 then
      fields = {}
      for f = 1, #flat, 2 do fields[flat[f]] = flat[f + 1] end
    end
    m = { fields = fields, blocks = 0 }
    metas[key] = m
    nMetas = nMetas + 1
    metaOrder[nMetas] = key
  end
  return m
end

-- Trimming is amortised: units older than the window never count (ZCOUNT reads only the window),
-- so dropping them only bounds memory. Batches whose "now" is a multiple of TRIM_EVERY ms trim every
-- log they touch; a busy log is thus trimmed about every TRIM_EVERY-th batch and holds at most the
-- units of that many more batches than the bound of ADR 0002, and an idle one expires (PEXPIRE keep
-- on every write). That saves a quarter of the commands per counted step.
local TRIM_EVERY = 8
local trimming = now % TRIM_EVERY == 0

-- the counter log: keep units for the largest window plus a margin, because a caller whose "now"
-- lags behind another caller's (clocks of two hosts, a batch that waited) must still find every
-- unit of its own window; trimming at exactly now - maxWindow would drop some
local function log(key, maxWindow)
  local l = logs[key]
  if not l then
    l = { counts = {}, added = 0, members = {}, nMembers = 0, keep = false }
    if maxWindow > 0 then
      local keep = maxWindow + max(maxWindow, 10000)
      if trimming then
        call('ZREMRANGEBYSCORE', key, '-inf', format('(%d', now - keep + 1))
      end
      l.keep = format('%d', keep)
    end
    logs[key] = l
    nLogs = nLogs + 1
    logOrder[nLogs] = key
  end
  return l
end

-- units in the window (bound, +inf]: Redis' units (counted once per batch) plus this batch's
local function count(l, key, bound)
  local counts = l.counts
  local c = counts[bound]
  if not c then
    c = call('ZCOUNT', key, bound, '+inf')
    counts[bound] = c
  end
  return c + l.added
end

local function blockedUntil(key)
  local b = blocks[key]
  if not b then
    b = tonumber(call('GET', key)) or 0
    blocks[key] = b
  end
  return b
end

-- the usage of one step: { limit, windowMs, count, ... } for its conditions
local function usageOf(conds, k, l, counterKey, plus)
  local usage = {}
  for j = 0, k - 1 do
    local c = 3 * j
    usage[c + 1], usage[c + 2] = conds[c + 1], conds[c + 2]
    usage[c + 3] = count(l, counterKey, conds[c + 3]) + plus
  end
  return usage
end

-- One message: its keys start after KEYS[k0], its arguments at ARGV[a0]. Returns the message's
-- reply and the offsets of the next message.
local function acquire(k0, a0)
  local mode = ARGV[a0]
  local commit = mode == 'commit' or mode == 'refuse'
  local token = ARGV[a0 + 1]
  local steps = tonumber(ARGV[a0 + 2])
  local a = a0 + 3

  local reply = { 0, 0, 0 }   -- terminal, code, retry, then one usage per evaluated step
  local pending, nPending = {}, 0
  local terminal, code, retry = 0, 0, 0
  local terminalRefuses = false

  for i = 1, steps do
    local policy = ARGV[a + 1]
    local weight = tonumber(ARGV[a + 2])
    local refuses = ARGV[a + 3] == '1'
    local customBlockMs = tonumber(ARGV[a + 4])
    local k = tonumber(ARGV[a + 5])
    local stepNo = ARGV[a]
    local conds = {}
    local maxWindow = 0
    for c = 0, 3 * k - 1, 3 do
      local b = a + 6 + c
      local w = tonumber(ARGV[b + 1])
      conds[c + 1], conds[c + 2], conds[c + 3] = tonumber(ARGV[b]), w, ARGV[b + 2]
      if w > maxWindow then maxWindow = w end
    end
    a = a + 6 + 3 * k
    local kb = k0 + 3 * (i - 1)
    local counterKey, blockKey, metaKey = KEYS[kb + 1], KEYS[kb + 2], KEYS[kb + 3]

    -- most objects have no metadata hash: then none of its fields can apply
    local m = meta(metaKey)
    local fields = m.fields
    if fields then
      if truthy(fields['bypass']) then
        terminal, code = i, 3
        reply[i + 3] = {}
        break
      end
      if truthy(fields['manual_block']) then
        terminal, code, terminalRefuses = i, 4, true
        reply[i + 3] = {}
        break
      end
      local override = fields['limit:' .. policy]
      if override then
        local parsed, n = parseOverride(override)
        if n > 0 then
          conds, k, maxWindow = parsed, n, 0
          for c = 2, 3 * n, 3 do
            if parsed[c] > maxWindow then maxWindow = parsed[c] end
          end
        end
      end
    end
    local l = log(counterKey, maxWindow)

    -- the block key holds "blocked until" in the caller's clock; its PX expiry only collects it.
    -- With global_custom_block off (0) no block applies, not even one set before it was turned off.
    local blockedMs = 0
    if customBlockMs > 0 then
      blockedMs = blockedUntil(blockKey) - now
    end
    if blockedMs > 0 then
      reply[i + 3] = usageOf(conds, k, l, counterKey, 0)
      terminal, code, retry, terminalRefuses = i, 2, blockedMs, refuses
      break
    end

    local exceeded = false
    local wait = 0
    for c = 1, 3 * k, 3 do
      local limit, windowMs = conds[c], conds[c + 1]
      local n = count(l, counterKey, conds[c + 2])
      if n + weight > limit then
        exceeded = true
        local w
        -- the (n + weight - limit)-th oldest unit in the window must leave it first
        local e = n + weight - limit
        local inRedis = n - l.added
        if weight > limit or e > inRedis then
          -- an oversized message, or the unit to wait for is one of this batch's (admitted now)
          w = windowMs
        else
          -- the window's units in Redis are the newest `inRedis` of the set, so that unit has this
          -- rank (O(log n))
          if not l.total then l.total = call('ZCARD', counterKey) end
          local rank = l.total - inRedis + (e - 1)
          local nth = call('ZRANGE', counterKey, rank, rank, 'WITHSCORES')
          w = tonumber(nth[2]) + windowMs - now
        end
        if w > wait then wait = w end
      end
    end
    reply[i + 3] = usageOf(conds, k, l, counterKey, exceeded and 0 or weight)

    if exceeded then
      if customBlockMs > 0 and commit then
        blocks[blockKey] = now + customBlockMs
        if not blockWrites[blockKey] then
          nBlocks = nBlocks + 1
          blockOrder[nBlocks] = blockKey
        end
        blockWrites[blockKey] = customBlockMs
        if customBlockMs > wait then wait = customBlockMs end
      end
      terminal, code, retry, terminalRefuses = i, 1, wait, refuses
      if commit and refuses then m.blocks = m.blocks + 1 end
      break
    end
    pending[nPending + 1], pending[nPending + 2], pending[nPending + 3] = l, stepNo, weight
    nPending = nPending + 3
  end

  -- refused mail consumes nothing: in commit mode nothing is written when the deciding step
  -- refuses (limit or custom block with block/defer, or manual block)
  local refused = mode == 'refuse'
  if terminal > 0 then refused = terminalRefuses end
  if not (commit and refused) then
    for p = 1, nPending, 3 do
      local l, stepNo, weight = pending[p], pending[p + 1], pending[p + 2]
      local prefix = token .. ':' .. stepNo .. ':'
      local members, m = l.members, l.nMembers
      for n = 1, weight do
        members[m + 1], members[m + 2] = nowText, prefix .. n
        m = m + 2
      end
      l.nMembers = m
      l.added = l.added + weight
    end
  end

  reply[1], reply[2], reply[3] = terminal, code, retry
  -- the next message's offsets: skip the arguments of the steps after a terminal one
  if terminal > 0 then
    for _ = terminal + 1, steps do a = a + 6 + 3 * tonumber(ARGV[a + 5]) end
  end
  return reply, k0 + 3 * steps, a
end

local replies = {}
local k0, a0 = 0, 4
for r = 1, messages do
  replies[r], k0, a0 = acquire(k0, a0)
end

-- the batch's writes, once per key
for i = 1, nLogs do
  local key = logOrder[i]
  local l = logs[key]
  local members, n = l.members, l.nMembers
  if n > 0 then
    -- in chunks: unpack() is limited by the Lua C stack
    for from = 1, n, 1000 do
      call('ZADD', key, unpack(members, from, math.min(n, from + 999)))
    end
    if l.keep then call('PEXPIRE', key, l.keep) end
  end
end
for i = 1, nBlocks do
  local key = blockOrder[i]
  call('SET', key, format('%d', blocks[key]), 'PX', blockWrites[key])
end
for i = 1, nMetas do
  local key = metaOrder[i]
  local m = metas[key]
  if m.blocks > 0 then
    -- only a hash this script creates gets global_ttl: an existing hash keeps its expiry, and one
    -- deliberately kept without expiry (it holds a limit override) must stay that way
    local before = m.fields and tonumber(m.fields['block_count']) or 0
    call('HSET', key, 'block_count', format('%d', before + m.blocks),
      'last_block', format('%d', floor(now / 1000)))
    if not m.fields then call('EXPIRE', key, metaTtl) end
  end
end
return replies
