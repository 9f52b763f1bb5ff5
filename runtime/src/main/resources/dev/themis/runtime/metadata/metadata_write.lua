-- Themis: change fields of one object's metadata hash and keep its expiry rule
-- (docs/redis-schema.md, "Per-object metadata").
--
-- KEYS[1]  P{o:OBJECT}:meta   hash of metadata fields
-- ARGV[1]  global_ttl in seconds: the hash expires that long after this write
-- ARGV[2]  s, the number of fields to set, followed by s pairs (field, value)
-- ARGV[3+2s]  d, the number of fields to delete, followed by d field names
-- Reads:   KEYS[1]. Writes: KEYS[1] (HSET, HDEL, then EXPIRE or PERSIST).
-- Expiry:  while the hash holds a per-object limit override (a field "limit:POLICY") it never
--          expires (PERSIST): an override is a contract, not volatile state. Otherwise it expires
--          global_ttl seconds after this write, like the original's metadata.
-- Returns: the number of fields left in the hash (0: the hash is gone).

local ttl = tonumber(ARGV[1])
local sets = tonumber(ARGV[2])
for i = 1, sets do
  redis.call('HSET', KEYS[1], ARGV[1 + 2 * i], ARGV[2 + 2 * i])
end
local d = 3 + 2 * sets
local dels = tonumber(ARGV[d])
for i = 1, dels do
  redis.call('HDEL', KEYS[1], ARGV[d + i])
end

local left = redis.call('HLEN', KEYS[1])
if left == 0 then
  return 0
end
local hasOverride = false
for _, field in ipairs(redis.call('HKEYS', KEYS[1])) do
  if string.sub(field, 1, 6) == 'limit:' then
    hasOverride = true
    break
  end
end
if hasOverride then
  redis.call('PERSIST', KEYS[1])
else
  redis.call('EXPIRE', KEYS[1], ttl)
end
return left
