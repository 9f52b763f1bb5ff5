-- Themis: compare-and-set write of configuration statements (docs/redis-schema.md, "Configuration").
--
-- KEYS[1]  P{cfg}:version     string, the configuration version (absent = 0)
-- KEYS[2]  P{cfg}:statements  hash, statement key -> canonical statement text
-- ARGV[1]  the version the caller read; the write happens only if it is still current
-- ARGV[2]  n, the number of changes, followed by three values per change i (1..n):
--   ARGV[3i]    operation: "put" (set key to text) or "del" (remove key)
--   ARGV[3i+1]  statement key, e.g. "policy:outbound"
--   ARGV[3i+2]  canonical statement text ("put"), ignored for "del"
-- Reads:   both keys. Writes: the statements hash (HSET/HDEL) and, when at least one statement
--          really changed, the version (INCR; keyspace event "incrby" tells themisd to reload).
-- Returns: { "ok", newVersion, changedCount }   every change applied, atomically
--          { "conflict", currentVersion }        nothing written: somebody wrote since the read
--          An unknown operation is an error reply before anything is written.

local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if current ~= tonumber(ARGV[1]) then
  return { 'conflict', tostring(current) }
end

local n = tonumber(ARGV[2])
for i = 1, n do
  local op = ARGV[3 * i]
  if op ~= 'put' and op ~= 'del' then
    return redis.error_reply('ERR config_apply: unknown operation ' .. tostring(op))
  end
end

local changed = 0
for i = 1, n do
  local op, key, text = ARGV[3 * i], ARGV[3 * i + 1], ARGV[3 * i + 2]
  if op == 'put' then
    if redis.call('HGET', KEYS[2], key) ~= text then
      redis.call('HSET', KEYS[2], key, text)
      changed = changed + 1
    end
  else
    changed = changed + redis.call('HDEL', KEYS[2], key)
  end
end

if changed > 0 then
  current = redis.call('INCR', KEYS[1])
end
return { 'ok', tostring(current), changed }
