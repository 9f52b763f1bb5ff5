-- Themis: read the whole configuration in one step (docs/redis-schema.md, "Configuration").
--
-- KEYS[1]  P{cfg}:version     string, the configuration version (absent = 0)
-- KEYS[2]  P{cfg}:statements  hash, statement key -> canonical statement text
-- ARGV     none
-- Reads:   both keys. Writes: nothing.
-- Returns: { version, { key1, text1, key2, text2, ... } }, version as a decimal string.
--          One script runs atomically, so the version always belongs to exactly these statements:
--          a reader never sees part of a write.

local version = redis.call('GET', KEYS[1]) or '0'
return { version, redis.call('HGETALL', KEYS[2]) }
