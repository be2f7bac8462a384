-- Differential corpus: every query runs on ClickHouse 18.16 as written and on Muon after `FROM t` -> `FROM table(t)`
-- (same for `JOIN j`). Tables: t (3000 rows) and j (40 rows); see DifferentialTest for their definitions.
-- One query per line. A line `-- compare: MODE` applies to the next query only:
--   float      numbers equal within 1e-9 relative     rel X   numbers within X relative
--   abs X      numbers within X absolute              error   both sides must fail
-- Every other line starting with `--` is a comment. Results must be deterministic (ORDER BY or aggregate).

-- the data itself: both sides must hold the same rows
SELECT id, k, u, f, g, s, w, d, dt, n, a FROM t ORDER BY id
SELECT jid, jk, name, v FROM j ORDER BY jid

-- constants and arithmetic
SELECT 1 + 2, 10 - 20, 6 * 7, 7 / 2, intDiv(7, 2), 7 % 3, -7 % 3, intDiv(-7, 2)
SELECT 255 + 1, toUInt8(255) + toUInt8(1), toInt8(127) + toInt8(1), toUInt8(200) * toUInt8(2)
SELECT toUInt64(18446744073709551615) + 1, toInt64(9223372036854775807) + 1, toInt32(2147483647) + toInt32(1)
SELECT 5 - 7, toUInt32(5) - toUInt32(7), toUInt64(3) - toUInt64(5), toInt32(-2147483648) - 1
SELECT 1 / 0, -1 / 0, 0 / 0, 0.1 + 0.2, 1e308 * 10, -1e308 * 10
SELECT 10 / 4, toInt32(10) / toInt32(4), 1 / 3 * 3, 2 / 3, 1e21, 1e-7, 123456789.125
SELECT abs(-5), abs(toInt8(-128)), negate(5), -toUInt8(3), -(-3)
SELECT 7 % -3, -7 % -3, intDiv(7, -2), intDiv(-7, -2), 17 % 5 * 2
SELECT toUInt8(250) + 10, toInt16(-32768) - 1, toUInt16(65535) * 2, toInt64(-9223372036854775808) - 1
SELECT 2 + 3 * 4, (2 + 3) * 4, 2 - 3 - 4, 100 / 10 / 5, -2 * -3
-- compare: error
SELECT intDiv(1, 0)
-- compare: error
SELECT 5 % 0
SELECT toTypeName(1 + 1), toTypeName(toUInt8(1) + toInt8(1)), toTypeName(toUInt32(1) - toUInt32(1)), toTypeName(1 / 2)
SELECT toTypeName(toInt32(1) * toInt32(1)), toTypeName(intDiv(10, 3)), toTypeName(10 % 3), toTypeName(toFloat32(1) + 1)
SELECT toTypeName(toUInt64(1) + toInt64(1)), toTypeName(toInt8(1) - toUInt64(1)), toTypeName(-toUInt8(1))
SELECT toTypeName(NULL), toTypeName(1 + NULL), toTypeName([1, 2]), toTypeName((1, 'a')), toTypeName('x')
SELECT toTypeName(id), toTypeName(u), toTypeName(n), toTypeName(a), toTypeName(dt), toTypeName(d) FROM t WHERE id = 0
SELECT toTypeName(id + 1), toTypeName(u - id), toTypeName(n * 2), toTypeName(f + id), toTypeName(k / 2) FROM t WHERE id = 0
SELECT id, id * 1000000000, id * id, id + u, u - id FROM t ORDER BY id LIMIT 5
SELECT id, intDiv(id, 7), id % 7, id / 4, intDiv(u, 1000) FROM t WHERE id BETWEEN -12 AND 12 ORDER BY id
SELECT sum(id), sum(u), sum(f), sum(k * id), sum(n) FROM t
SELECT sum(toInt8(k)), toTypeName(sum(toInt8(k))), sum(toUInt8(k)), sum(toFloat32(k)) FROM t
SELECT max(u * u), min(id * 3000000), sum(u * 1000000000000) FROM t
SELECT id, f, f * 2, f / 3, -f, abs(f) FROM t WHERE id % 500 = 0 ORDER BY id
SELECT id, toInt32(f * 8) % 3, intDiv(id, 3), g * 7 FROM t WHERE id % 250 = 1 ORDER BY id

-- comparisons with mixed types
SELECT 1 = 1.0, 1 < 1.5, toUInt8(1) = toInt64(1), toInt8(-1) < toUInt8(1), toInt64(-1) < toUInt64(1)
SELECT toUInt64(18446744073709551615) > -1, toUInt64(18446744073709551615) = -1, toInt32(-1) > toUInt32(4294967295)
SELECT 'a' < 'b', 'B' < 'a', '' < 'a', 'abc' = 'abc', 'abc' > 'ab', 'a' != 'A'
SELECT 0.1 + 0.2 = 0.3, 0.5 = 1 / 2, 1e16 + 1 = 1e16, toFloat32(0.1) = 0.1
SELECT toDate('2020-01-05') = '2020-01-05', toDate('2020-01-05') > '2020-01-04', toDateTime('2020-01-01 00:00:00', 'UTC') < '2020-01-01 00:00:01'
SELECT count() FROM t WHERE id > 100.5
SELECT count() FROM t WHERE u > -1
SELECT count() FROM t WHERE f = id
SELECT count() FROM t WHERE f < k
SELECT count() FROM t WHERE d > '2020-06-01'
SELECT count() FROM t WHERE dt >= '2020-03-01 00:00:00' AND dt < '2020-04-01 00:00:00'
SELECT count() FROM t WHERE s > 's2' AND s <= 's30'
SELECT count() FROM t WHERE n = k
SELECT count() FROM t WHERE u BETWEEN 100000 AND 200000
SELECT count() FROM t WHERE NOT (id BETWEEN -100 AND 100)
SELECT 1 < NULL, NULL = NULL, NULL IS NULL, NULL IS NOT NULL, 1 + NULL, NULL > NULL
SELECT greatest(1, 2), least(1, 2), greatest(1.5, 2), least(toInt8(-1), toUInt8(1))

-- logic with NULLs
SELECT 1 AND 0, 1 OR 0, NOT 1, NOT 0, 1 AND 1 AND 1, 0 OR 0 OR 1, xor(1, 0), xor(1, 1)
-- only the NULL cases on which 18.16 and later versions agree (18.16 gives NULL AND 0 = NULL, NULL OR 0 = 0)
SELECT NULL AND 1, NULL OR 1, 1 OR NULL, NOT NULL, 1 AND NULL
SELECT count() FROM t WHERE n > 0 AND k = 1
SELECT count() FROM t WHERE n > 0 OR k = 1
SELECT count() FROM t WHERE NOT (n > 0)
SELECT count() FROM t WHERE n IS NULL
SELECT count() FROM t WHERE n IS NOT NULL AND NOT (k IN (1, 2))
SELECT countIf(n IS NULL), countIf(n > 0 OR k = 2), countIf(NOT (n > 0)), countIf(n > 0 AND k > 3) FROM t
SELECT id, n, n > 10 AND k >= 0, n > 10 OR k >= 0, NOT (n > 10), n < 0 OR k = 0 FROM t WHERE id BETWEEN -1500 AND -1490 AND (n IS NOT NULL OR k = 0) ORDER BY id
SELECT n, count() FROM t WHERE n < -45 OR n IS NULL GROUP BY n ORDER BY n

-- conditionals
SELECT id, if(id % 2 = 0, 'even', 'odd'), multiIf(id < -1000, 'low', id < 1000, 'mid', 'high') FROM t WHERE id % 300 = 0 ORDER BY id
SELECT id, n, ifNull(n, 0), coalesce(n, k, 0), nullIf(k, 3), isNull(n), isNotNull(n) FROM t WHERE id < -1490 ORDER BY id
SELECT id, CASE WHEN id < -1495 THEN 'a' WHEN id < -1492 THEN 'b' ELSE 'c' END FROM t WHERE id < -1489 ORDER BY id
SELECT k, CASE k WHEN 1 THEN 'one' WHEN 2 THEN 'two' ELSE 'many' END AS c, count() FROM t GROUP BY k, c ORDER BY k
SELECT sum(if(k > 3, 1, 0)), sum(if(n IS NULL, 1, 0)), sum(multiIf(k = 0, 10, k = 1, 20, 0)) FROM t
SELECT if(1, 'a', 'b'), if(0, 1, 2.5), multiIf(0, 'x', 0, 'y', 'z'), if(1 > 2, NULL, 3)
-- 18.16 types if() with a constant condition as the chosen branch; a non-constant condition gives the common type
SELECT toTypeName(if(number = 0, 1, 2.5)), toTypeName(if(number = 0, toInt8(1), toUInt8(2))), toTypeName(if(number = 0, NULL, 3)), toTypeName(ifNull(NULL, 3)) FROM numbers(1)
SELECT id, if(n > 0, n, NULL), if(n IS NULL, 'null', toString(n)) FROM t WHERE id < -1490 ORDER BY id
SELECT coalesce(NULL, NULL, 3), coalesce(NULL), ifNull(NULL, 'x'), nullIf(1, 1), nullIf(1, 2)

-- string functions
SELECT length('hello'), length(''), lengthUTF8('héllo'), length('héllo'), upper('abc'), lower('ABC')
SELECT upper('héllo wörld'), lower('HÉLLO WÖRLD'), upperUTF8('héllo'), lowerUTF8('HÉLLO'), reverse('abc')
SELECT reverseUTF8('héllo'), reverseUTF8('')
SELECT concat('a', 'b', 'c'), concat('x', toString(1)), substring('hello', 2, 3), substring('hello', 2), substring('hello', -3, 2)
SELECT substring('hello', 0, 2), substring('hello', 10), substring('hello', 2, 0), substringUTF8('héllo', 2, 2)
SELECT empty(''), empty('a'), notEmpty(''), notEmpty('a'), position('hello', 'l'), position('hello', 'z'), positionUTF8('héllo', 'l')
SELECT 'abc' LIKE 'a%', 'abc' LIKE '_b_', 'abc' LIKE 'b%', 'a%c' LIKE 'a\\%c', 'abc' NOT LIKE '%c', like('x', 'x')
SELECT replaceAll('hello', 'l', 'L'), replaceOne('hello', 'l', 'L'), replaceRegexpAll('hello', '[aeiou]', '_'), replaceRegexpOne('hello', 'l+', 'L')
SELECT match('hello', '^h.*o$'), match('hello', 'x'), extract('abc123def', '[0-9]+'), extractAll('a1b22c333', '[0-9]+')
SELECT splitByChar(',', 'a,b,,c'), splitByString('::', 'a::b::c'), arrayStringConcat(['a', 'b', 'c'], '-'), arrayStringConcat(['x', 'y'])
SELECT concat('[', '  x ', ']'), length('  ab  '), toString(toFixedString('ab', 2)), concat('', '')
SELECT startsWith('hello', 'he'), endsWith('hello', 'lo'), startsWith('hello', 'lo'), endsWith('', '')
SELECT hex('abc'), unhex('616263'), hex(255), lowerUTF8('ÀÉÎ'), hex(''), countEqual([1, 2, 1], 1)
SELECT toString(123), toString(-1.5), toString(toDate('2020-01-02')), toString(1e21), toString(0.1), toString(NULL)
SELECT concat(s, '-', w), length(w), lengthUTF8(w), upper(w), lower(w) FROM t WHERE id < -1494 ORDER BY id
SELECT w, count(), sum(length(w)), sum(lengthUTF8(w)) FROM t GROUP BY w ORDER BY w
SELECT w, substring(w, 2, 3), reverse(w), empty(w), position(w, 'e') FROM t WHERE id BETWEEN -1500 AND -1497 ORDER BY id
SELECT count() FROM t WHERE w LIKE '%e%'
SELECT count() FROM t WHERE w LIKE 'B%' OR s LIKE 's1_'
SELECT count() FROM t WHERE w NOT LIKE '%a%'
SELECT count() FROM t WHERE position(w, 'pie') > 0
SELECT count() FROM t WHERE match(w, '^[a-z]+$')
SELECT s, count() FROM t WHERE s LIKE '%3%' GROUP BY s ORDER BY s
SELECT toString(id), concat(toString(k), ':', s) FROM t WHERE id % 700 = 0 ORDER BY id
SELECT min(w), max(w), min(s), max(s) FROM t
SELECT concat(w, w), w = 'apple', w < 'b', upper(s) FROM t WHERE id BETWEEN -1500 AND -1497 ORDER BY id

-- date and time
SELECT toDate('2020-02-29') + 1, toDate('2020-03-01') - 1, toDate('2020-12-31') + 1, toDate('2021-03-01') - toDate('2020-03-01')
SELECT toYear(toDate('2020-05-17')), toMonth(toDate('2020-05-17')), toDayOfMonth(toDate('2020-05-17')), toDayOfWeek(toDate('2020-05-17')), toQuarter(toDate('2020-05-17'))
SELECT toDateTime('2020-01-01 12:34:56', 'UTC'), toUnixTimestamp(toDateTime('2020-01-01 12:34:56', 'UTC')), toUnixTimestamp('2020-01-01 00:00:00', 'UTC')
SELECT toHour(toDateTime('2020-01-01 12:34:56', 'UTC')), toMinute(toDateTime('2020-01-01 12:34:56', 'UTC')), toSecond(toDateTime('2020-01-01 12:34:56', 'UTC'))
SELECT toDateTime('2020-06-01 12:00:00', 'Europe/Berlin'), toUnixTimestamp(toDateTime('2020-06-01 12:00:00', 'Europe/Berlin')), toUnixTimestamp(toDateTime('2020-01-01 12:00:00', 'Europe/Berlin'))
SELECT toTimeZone(toDateTime('2020-03-29 00:30:00', 'UTC'), 'Europe/Berlin'), toTimeZone(toDateTime('2020-03-29 01:30:00', 'UTC'), 'Europe/Berlin'), toTimeZone(toDateTime('2020-10-25 00:30:00', 'UTC'), 'Europe/Berlin')
SELECT toString(toDateTime('2020-01-01 00:00:00', 'UTC'), 'Asia/Kolkata'), toString(toDateTime('2020-07-01 00:00:00', 'UTC'), 'America/New_York')
SELECT toHour(toDateTime('2020-01-01 00:00:00', 'UTC'), 'Asia/Kolkata'), toMinute(toDateTime('2020-01-01 00:00:00', 'UTC'), 'Asia/Kolkata'), toDate(toDateTime('2020-01-01 02:00:00', 'UTC'), 'America/New_York')
SELECT toStartOfMonth(toDate('2020-05-17')), toStartOfYear(toDate('2020-05-17')), toStartOfQuarter(toDate('2020-05-17')), toMonday(toDate('2020-05-17'))
SELECT toStartOfHour(toDateTime('2020-05-17 13:45:12', 'UTC')), toStartOfMinute(toDateTime('2020-05-17 13:45:12', 'UTC')), toStartOfDay(toDateTime('2020-05-17 13:45:12', 'UTC')), toStartOfFiveMinute(toDateTime('2020-05-17 13:47:12', 'UTC'))
SELECT toStartOfFifteenMinutes(toDateTime('2020-05-17 13:47:12', 'UTC')), toStartOfMonth(toDateTime('2020-05-17 13:45:12', 'UTC'))
SELECT toYYYYMM(toDate('2020-05-17')), toYYYYMMDD(toDate('2020-05-17')), toYYYYMMDDhhmmss(toDateTime('2020-05-17 13:45:12', 'UTC')), toDayOfYear(toDate('2020-05-17'))
SELECT toRelativeDayNum(toDate('2020-01-01')), toRelativeHourNum(toDateTime('2020-01-01 05:00:00', 'UTC')), toRelativeMinuteNum(toDateTime('2020-01-01 05:00:00', 'UTC'))
SELECT toRelativeMonthNum(toDate('2020-05-17')), toRelativeYearNum(toDate('2020-05-17')), toRelativeWeekNum(toDate('2020-05-17'))
SELECT toDateTime('2020-01-31 10:00:00', 'UTC') + INTERVAL 1 DAY, toDateTime('2020-01-31 10:00:00', 'UTC') - INTERVAL 3 HOUR, toDate('2020-01-31') + INTERVAL 1 MONTH, toDate('2020-03-31') - INTERVAL 1 MONTH
SELECT addDays(toDate('2020-02-28'), 2), addMonths(toDate('2020-01-31'), 1), addYears(toDate('2020-02-29'), 1), subtractHours(toDateTime('2020-01-01 01:00:00', 'UTC'), 2), addWeeks(toDate('2020-01-01'), 2)
SELECT dateDiff('day', toDate('2020-01-01'), toDate('2020-03-01')), dateDiff('hour', toDateTime('2020-01-01 00:00:00', 'UTC'), toDateTime('2020-01-02 03:00:00', 'UTC')), dateDiff('month', toDate('2020-01-31'), toDate('2020-02-01'))
SELECT formatDateTime(toDateTime('2020-05-17 13:45:12', 'UTC'), '%Y/%m/%d %H:%M:%S'), formatDateTime(toDate('2020-05-17'), '%d.%m.%Y')
SELECT toDateTime('2020-05-17 13:45:12', 'UTC') + 3600, toDate('2020-05-17') + 10, toDateTime('2020-05-17 13:45:12', 'UTC') - toDateTime('2020-05-17 12:00:00', 'UTC')
SELECT id, d, dt, toYear(d), toMonth(d), toDayOfMonth(d), toDayOfWeek(d) FROM t WHERE id % 400 = 0 ORDER BY id
SELECT id, dt, toHour(dt), toMinute(dt), toSecond(dt), toStartOfHour(dt), toStartOfDay(dt), toUnixTimestamp(dt) FROM t WHERE id % 333 = 0 ORDER BY id
SELECT id, toTimeZone(dt, 'Europe/Berlin'), toHour(dt, 'Europe/Berlin'), toString(dt, 'Asia/Kolkata'), toDate(dt, 'America/New_York') FROM t WHERE id % 333 = 0 ORDER BY id
SELECT toDate(dt), count() FROM t WHERE dt < '2020-01-05 00:00:00' GROUP BY toDate(dt) ORDER BY toDate(dt)
SELECT toStartOfMonth(d) AS m, count(), min(d), max(d) FROM t GROUP BY m ORDER BY m
SELECT toStartOfDay(dt) AS day, count() FROM t WHERE dt < '2020-01-10 00:00:00' GROUP BY day ORDER BY day
SELECT toHour(dt, 'Europe/Berlin') AS h, count() FROM t GROUP BY h ORDER BY h
SELECT toDayOfWeek(d) AS dow, count() FROM t GROUP BY dow ORDER BY dow
SELECT toYYYYMM(dt) AS ym, count(), min(dt), max(dt) FROM t GROUP BY ym ORDER BY ym
SELECT toDate(dt, 'Asia/Kolkata') AS day, count() FROM t WHERE dt < '2020-01-04 00:00:00' GROUP BY day ORDER BY day
SELECT count() FROM t WHERE toDayOfWeek(dt) IN (6, 7)
SELECT min(dt), max(dt), min(d), max(d) FROM t
SELECT id, dt + INTERVAL 1 MONTH, d - INTERVAL 1 YEAR, dt - INTERVAL 90 MINUTE FROM t WHERE id % 600 = 0 ORDER BY id
SELECT id, toStartOfMonth(dt), toStartOfYear(dt), toStartOfQuarter(dt), toMonday(dt) FROM t WHERE id % 600 = 0 ORDER BY id
SELECT id, toYYYYMMDD(dt), toDayOfYear(d), toQuarter(dt), toStartOfFiveMinute(dt), toStartOfMinute(dt) FROM t WHERE id % 600 = 0 ORDER BY id
SELECT id, dateDiff('day', d, toDate('2020-06-01')), dateDiff('second', toDateTime('2020-01-01 00:00:00', 'UTC'), dt) FROM t WHERE id % 600 = 0 ORDER BY id
SELECT toDateTime(toDate('2020-05-17'), 'UTC'), toDate(toDateTime('2020-05-17 23:59:59', 'UTC')), toDateTime(1589723112, 'UTC'), toDate(18000)

-- type conversions
SELECT toInt32('42'), toUInt8('7'), toFloat64('1.5'), toInt64('-9223372036854775808'), toUInt64('18446744073709551615')
SELECT toUInt8(300), toInt8(-129), toInt8(200), toUInt16(-1), toUInt32(-1), toInt32(4294967295)
SELECT toInt32(1.7), toInt32(-1.7), toUInt8(2.9), toInt64(1e18), toFloat32(1.5), toFloat64(toFloat32(0.1))
SELECT CAST(1.7 AS Int32), CAST('5' AS UInt8), CAST(5 AS String), CAST('2020-01-01' AS Date), CAST(1 AS Float64), CAST(-1 AS UInt8)
SELECT toInt32OrZero('x'), toInt32OrZero('12'), toInt32OrNull('x'), toInt32OrNull('12'), toFloat64OrZero('1.5x'), toFloat64OrNull('2.5')
SELECT toUInt64OrZero('-1'), toInt8OrNull('12'), toDateOrNull('2020-12-01'), toDateTimeOrNull('nope'), toUInt16OrZero('x')
SELECT toDate('2020-01-01'), toDateTime('2020-01-01 00:00:00', 'UTC'), toDate('2020-01-01 12:00:00'), toString(toDateTime('2021-12-31 23:59:59', 'UTC'))
-- compare: error
SELECT toInt32('abc')
-- compare: error
SELECT toDate('2020-02-30x')
SELECT toFixedString('ab', 4) = 'ab\0\0', length(toFixedString('ab', 4)), toTypeName(toFixedString('ab', 4))
SELECT toDecimal32(1.25, 2), toDecimal64(-3.5, 3), toDecimal32(1, 2) + toDecimal32(2.5, 1), toTypeName(toDecimal64(1, 4))
SELECT toString(toDecimal32(1.5, 3)), toDecimal64(10, 2) / 4, toDecimal32(3, 0) * toDecimal32(1.5, 1)
SELECT id, toString(id), toInt8(id), toUInt16(id), toFloat32(id) / 3, toUInt8(u) FROM t WHERE id % 500 = 7 ORDER BY id
SELECT id, toInt32(f), toUInt32(f), toInt64(g * 100), toString(f), toString(g) FROM t WHERE id % 500 = 7 ORDER BY id
SELECT id, toDate(dt), toDateTime(d, 'UTC'), toString(d), toUnixTimestamp(dt), CAST(n AS Nullable(Int64)) FROM t WHERE id % 500 = 7 ORDER BY id
SELECT toInt32(s = 's1'), toUInt8(k > 3), toString(k > 3), toFloat64(k) / 2 FROM t WHERE id BETWEEN -1500 AND -1495 ORDER BY id
SELECT sum(toInt32OrZero(substring(s, 2))), sum(toUInt8(k)), count(toInt32OrNull(w)) FROM t
SELECT toTypeName(toInt32OrNull('1')), toTypeName(CAST(1 AS Nullable(UInt8))), toTypeName(toDecimal32(1, 2)), toTypeName(toDateOrNull('x'))
SELECT toUInt8('0'), toFloat64('inf'), toFloat64('-0'), toFloat64('1e3'), toString(toFloat64('-0'))
-- compare: pending reinterpretAs* functions
SELECT reinterpretAsUInt8('a'), reinterpretAsString(toUInt16(25185))

-- arrays
SELECT [1, 2, 3], [1, 2, 3][2], [1, 2, 3][5], [1, 2, 3][-1], ['a', 'b'], [], [[1], [2, 3]], [1, NULL, 3]
SELECT length([1, 2, 3]), empty([]), notEmpty([1]), has([1, 2, 3], 2), has([1, 2, 3], 5), indexOf([5, 6, 7], 7), indexOf([5, 6], 1)
SELECT arrayConcat([1, 2], [3]), arrayPushBack([1], 2), arrayPushFront([1], 0), arrayPopBack([1, 2, 3]), arrayPopFront([1, 2, 3])
SELECT arraySlice([1, 2, 3, 4, 5], 2, 3), arraySlice([1, 2, 3, 4, 5], -2), arrayReverse([1, 2, 3]), arraySort([3, 1, 2]), arrayReverseSort([3, 1, 2])
SELECT arrayUniq([1, 2, 2, 3]), arrayDistinct([1, 2, 2, 3, 1]), arrayEnumerate([5, 6, 7]), arrayEnumerateUniq([1, 1, 2, 1]), range(5), range(0)
-- compare: pending arrayReduce
SELECT arrayReduce('max', [1, 5, 3]), arrayReduce('sum', [1, 2])
SELECT arraySum([1, 2, 3]), arrayMap(x -> x * 2, [1, 2, 3]), arrayFilter(x -> x > 1, [1, 2, 3]), arrayExists(x -> x > 2, [1, 2, 3]), arrayCount(x -> x > 1, [1, 2, 3])
SELECT arrayAll(x -> x > 0, [1, 2]), arrayFirst(x -> x > 1, [1, 2, 3]), arrayFirstIndex(x -> x > 1, [1, 2, 3]), arrayCumSum([1, 2, 3]), arraySort(x -> -x, [1, 3, 2])
SELECT toTypeName([1, 2]), toTypeName([1, -1]), toTypeName([1, 2.5]), toTypeName(['a']), toTypeName([NULL, 1])
-- compare: pending emptyArray<Type> functions
SELECT emptyArrayInt32(), toTypeName(emptyArrayString())
SELECT id, a, length(a), a[1], a[-1], has(a, 7), indexOf(a, 7), empty(a) FROM t WHERE id < -1490 ORDER BY id
SELECT id, arrayReverse(a), arraySort(a), arrayPushBack(a, 100), arrayConcat(a, [0]) FROM t WHERE id < -1490 ORDER BY id
SELECT id, arrayMap(x -> x + 1, a), arrayFilter(x -> x > 0, a), arraySum(a), arrayExists(x -> x = 7, a) FROM t WHERE id < -1490 ORDER BY id
SELECT length(a) AS l, count(), sum(length(a)) FROM t GROUP BY l ORDER BY l
SELECT count() FROM t WHERE has(a, 7)
SELECT count() FROM t WHERE a[1] = 3
SELECT count() FROM t WHERE empty(a)
SELECT sum(arraySum(a)), sum(length(a)), max(length(a)) FROM t
-- compare: pending ARRAY JOIN clause
SELECT id, x FROM t ARRAY JOIN a AS x WHERE id < -1490 ORDER BY id, x
-- compare: pending ARRAY JOIN clause
SELECT x, count() FROM t ARRAY JOIN a AS x GROUP BY x ORDER BY x
SELECT arrayJoin([1, 2, 3]) AS x, x * 2 ORDER BY x
SELECT id, arrayJoin(a) AS x FROM t WHERE id < -1493 ORDER BY id, x
SELECT groupArray(x) FROM (SELECT arrayJoin([3, 1, 2]) AS x ORDER BY x)
SELECT arrayStringConcat(arrayMap(x -> toString(x), a), '|') FROM t WHERE id BETWEEN -1496 AND -1495 ORDER BY id

-- tuples
SELECT (1, 'a'), tupleElement((1, 'a'), 2), (1, 'a').1, (1, 2) = (1, 2), (1, 2) < (1, 3), (2, 1) > (1, 9), tuple(1)
SELECT toTypeName((1, 'a', 2.5)), ((1, 2), 3), ((1, 2), 3).1, (NULL, 1)
SELECT id, (k, s), tuple(k, s).2 FROM t WHERE id < -1496 ORDER BY id
SELECT count() FROM t WHERE (k, s) = (1, 's1')
SELECT count() FROM t WHERE (k, s) IN ((1, 's1'), (2, 's2'), (3, 's4'))
SELECT (k, w) AS p, count() FROM t WHERE id < -1480 GROUP BY p ORDER BY p
SELECT max((k, id)), min((w, id)) FROM t
SELECT argMax((id, s), u), argMin(tuple(w, k), u) FROM t

-- IN
SELECT 2 IN (1, 2), 5 IN (1, 2), 5 NOT IN (1, 2), 'a' IN ('a', 'b'), 1 IN (1.0, 2)
SELECT count() FROM t WHERE k IN (1, 3, 5)
SELECT count() FROM t WHERE k NOT IN (1, 3, 5)
SELECT count() FROM t WHERE s IN ('s1', 's2', 'nope')
SELECT count() FROM t WHERE id IN (SELECT jid FROM j)
SELECT count() FROM t WHERE id NOT IN (SELECT jid FROM j)
SELECT count() FROM t WHERE k IN (SELECT jk FROM j WHERE v > 5)
SELECT count() FROM t WHERE n IN (1, 2, 3)
-- NULL NOT IN (…) is 1 in 18.16 and NULL in later versions, so the NULL rows are kept out
SELECT count() FROM t WHERE n IS NOT NULL AND n NOT IN (1, 2, 3)
SELECT count() FROM t WHERE d IN ('2020-01-01', '2020-01-02')
SELECT count() FROM t WHERE u IN (0, 427799, 855598, 5)
SELECT id, id IN (SELECT jid FROM j) AS m FROM t WHERE id BETWEEN -1415 AND -1405 ORDER BY id
SELECT k, countIf(id IN (SELECT jid FROM j)) FROM t GROUP BY k ORDER BY k
SELECT count() FROM t WHERE (k, id % 3) IN (SELECT jk, jid % 3 FROM j)
SELECT count() FROM t WHERE id IN (-1500, -1499) OR w IN ('apple')

-- GROUP BY, HAVING
SELECT k, count(), sum(id), min(id), max(id) FROM t GROUP BY k ORDER BY k
SELECT k, w, count(), sum(u) FROM t GROUP BY k, w ORDER BY k, w
SELECT k, id % 2 AS p, n IS NULL AS nn, count() FROM t GROUP BY k, p, nn ORDER BY k, p, nn
SELECT n, count() FROM t GROUP BY n ORDER BY n LIMIT 10
SELECT s, count() FROM t GROUP BY s HAVING count() > 81 ORDER BY s
SELECT k, sum(f) AS sf FROM t GROUP BY k HAVING sf > 0 ORDER BY k
SELECT k, avg(id) AS a1 FROM t GROUP BY k HAVING a1 < 0 AND count() > 428 ORDER BY k
SELECT w, max(id) - min(id) FROM t GROUP BY w HAVING max(k) = 6 ORDER BY w
SELECT toYear(d) AS y, toMonth(d) AS m, count() FROM t GROUP BY y, m ORDER BY y, m
SELECT k * 2 + 1 AS x, count() FROM t GROUP BY x ORDER BY x DESC
SELECT length(a), has(a, 7), count() FROM t GROUP BY length(a), has(a, 7) ORDER BY length(a), has(a, 7)
SELECT count() FROM t GROUP BY k HAVING k = 3
SELECT sum(id) FROM t WHERE id > 100000
SELECT k, count() FROM t WHERE id > 100000 GROUP BY k
SELECT count(), sum(id), avg(id), min(id), max(id) FROM t WHERE 0

-- ORDER BY, NULLS, LIMIT, OFFSET, LIMIT BY
SELECT id, n FROM t WHERE id < -1480 ORDER BY n NULLS FIRST, id
SELECT id, n FROM t WHERE id < -1480 ORDER BY n NULLS LAST, id
SELECT id, n FROM t WHERE id < -1480 ORDER BY n DESC NULLS FIRST, id
SELECT id, n FROM t WHERE id < -1480 ORDER BY n DESC, id
SELECT id, n FROM t WHERE id < -1480 ORDER BY n, id DESC
SELECT id FROM t ORDER BY id DESC LIMIT 5
SELECT id FROM t ORDER BY id LIMIT 5 OFFSET 10
SELECT id FROM t ORDER BY id LIMIT 10, 3
SELECT id, u FROM t ORDER BY u DESC LIMIT 3
SELECT w, id FROM t ORDER BY w, id LIMIT 2 BY w
SELECT k, id FROM t ORDER BY k, id DESC LIMIT 1 BY k
SELECT k, w, id FROM t ORDER BY k, w, id LIMIT 1 BY k, w
SELECT id, f FROM t ORDER BY f DESC, id LIMIT 7
SELECT s, id FROM t ORDER BY s, id LIMIT 5
SELECT d, id FROM t ORDER BY d DESC, id LIMIT 4
SELECT id, dt FROM t ORDER BY dt DESC LIMIT 3
SELECT id, a FROM t ORDER BY a, id LIMIT 8
SELECT id, g FROM t ORDER BY g - id, id LIMIT 3
SELECT id FROM t ORDER BY id LIMIT 0
SELECT id FROM t ORDER BY id LIMIT 3 OFFSET 2998
SELECT w, id FROM t ORDER BY lower(w), id DESC LIMIT 5
SELECT id, n FROM t WHERE n IS NOT NULL ORDER BY n, id LIMIT 5

-- DISTINCT
SELECT DISTINCT k FROM t ORDER BY k
SELECT DISTINCT k, w FROM t ORDER BY k, w LIMIT 10
SELECT DISTINCT n FROM t ORDER BY n LIMIT 5
SELECT count(DISTINCT k), count(DISTINCT s), count(DISTINCT n), count(DISTINCT w) FROM t
SELECT DISTINCT length(a) FROM t ORDER BY length(a)
SELECT DISTINCT toStartOfMonth(d) FROM t ORDER BY 1
SELECT count() FROM (SELECT DISTINCT k, s FROM t)

-- UNION ALL
SELECT x FROM (SELECT 1 AS x UNION ALL SELECT 2 UNION ALL SELECT 1) ORDER BY x
SELECT k, c FROM (SELECT k, count() AS c FROM t WHERE id < 0 GROUP BY k UNION ALL SELECT k, count() FROM t WHERE id >= 0 GROUP BY k) ORDER BY k, c
SELECT count() FROM (SELECT id FROM t UNION ALL SELECT jid FROM j)
SELECT sum(x) FROM (SELECT id AS x FROM t WHERE k = 1 UNION ALL SELECT jid AS x FROM j WHERE jk = 1)
SELECT s FROM (SELECT 'a' AS s UNION ALL SELECT 'b' UNION ALL SELECT name FROM j WHERE jid < -1500) ORDER BY s

-- subqueries
SELECT k, c FROM (SELECT k, count() AS c FROM t GROUP BY k) WHERE c > 428 ORDER BY k
SELECT max(c), min(c) FROM (SELECT s, count() AS c FROM t GROUP BY s)
SELECT x, y FROM (SELECT id AS x, id * 2 AS y FROM t WHERE id < -1495) ORDER BY x
SELECT avg(s1) FROM (SELECT k, sum(id) AS s1 FROM t GROUP BY k)
SELECT count() FROM (SELECT id FROM t WHERE k = 2) WHERE id > 0
SELECT id FROM (SELECT id, u FROM t ORDER BY u DESC LIMIT 10) ORDER BY id
SELECT k, m FROM (SELECT k, max(id) AS m FROM t GROUP BY k) ORDER BY m DESC LIMIT 3
SELECT count() FROM (SELECT k, w FROM t GROUP BY k, w HAVING count() > 70)

-- scalar subqueries
SELECT (SELECT max(id) FROM t), (SELECT count() FROM j)
SELECT count() FROM t WHERE id > (SELECT avg(id) FROM t)
SELECT id, id - (SELECT min(id) FROM t) FROM t WHERE id < -1496 ORDER BY id
SELECT count() FROM t WHERE u > (SELECT max(u) FROM t WHERE k = 0) / 2
SELECT (SELECT sum(jid) FROM j) + (SELECT sum(k) FROM t)
SELECT k, count() FROM t WHERE k = (SELECT max(jk) FROM j WHERE jk < 5) GROUP BY k

-- WITH
WITH 10 AS x SELECT x * 2, x + 1
WITH (SELECT max(jid) FROM j WHERE jid < 1000) AS m SELECT count() FROM t WHERE id > m
WITH k * 2 AS kk SELECT kk, count() FROM t GROUP BY kk ORDER BY kk

-- joins. 18.16 returns wrong values when a query selects the right table's ON key column, and fails for RIGHT/FULL
-- joins that do: select a copy of it instead, `(SELECT jid, jid AS r, ... FROM j)`. In RIGHT/FULL ON joins 18.16
-- also fills the left key of unmatched right rows from the right key (later versions give the default), so those
-- queries select a copy of the left key too.
SELECT id, r, name FROM t INNER JOIN (SELECT jid, jid AS r, name FROM j) AS jj ON id = jid ORDER BY id
SELECT id, k, name, v FROM t ALL INNER JOIN j ON id = jid WHERE k > 2 ORDER BY id
SELECT count(), sum(id), sum(jk), countIf(name = ''), count(v) FROM t LEFT JOIN j ON id = jid
SELECT id, name, v, jk FROM t LEFT JOIN j ON id = jid WHERE id BETWEEN -1420 AND -1405 ORDER BY id
SELECT id, name, v, jk FROM t ALL LEFT JOIN j ON id = jid WHERE id BETWEEN -1330 AND -1310 ORDER BY id
SELECT r, name, lid, k, s FROM (SELECT id, id AS lid, k, s FROM t) AS tt RIGHT JOIN (SELECT jid, jid AS r, name FROM j) AS jj ON id = jid ORDER BY r
SELECT count(), sum(lid), sum(r), countIf(name = ''), countIf(s = '') FROM (SELECT id, id AS lid, s FROM t) AS tt FULL JOIN (SELECT jid, jid AS r, name FROM j) ON id = jid
SELECT lid, r FROM (SELECT id, id AS lid FROM t WHERE id BETWEEN -1500 AND -1480) AS l FULL JOIN (SELECT jid, jid AS r FROM j WHERE jid < -1300) AS jj ON id = jid ORDER BY lid, r
SELECT id, name, k FROM t RIGHT JOIN (SELECT jid AS id, name FROM j) USING id ORDER BY id
SELECT id, name, k, w FROM t FULL JOIN (SELECT jid AS id, name FROM j) USING id WHERE id > 1400 OR id < -1497 ORDER BY id
SELECT k, count(), sum(jid) FROM t INNER JOIN j ON k = jk GROUP BY k ORDER BY k
SELECT count() FROM t INNER JOIN j ON k = jk
SELECT id, name FROM t ANY LEFT JOIN j ON id = jid WHERE id BETWEEN -1420 AND -1405 ORDER BY id
SELECT id, name FROM t ANY INNER JOIN j ON id = jid ORDER BY id
SELECT id, name FROM t INNER JOIN j ON id = jid AND k = jk ORDER BY id
SELECT k, jid FROM (SELECT DISTINCT k FROM t) AS l INNER JOIN (SELECT jk, jid FROM j WHERE jid < 0) AS r ON k = jk ORDER BY k, jid
SELECT k, x FROM (SELECT k FROM t WHERE id < -1495) AS l INNER JOIN (SELECT jk AS k, jid AS x FROM j WHERE jid < 10) AS r USING k ORDER BY k, x
SELECT k, c, x FROM (SELECT k, count() AS c FROM t GROUP BY k) AS l LEFT JOIN (SELECT jk AS k, sum(jid) AS x FROM j GROUP BY jk) AS r USING k ORDER BY k
SELECT jk, x, c FROM (SELECT k AS jk, count() AS c FROM t WHERE k < 3 GROUP BY k) AS l RIGHT JOIN (SELECT jk, sum(jid) AS x FROM j GROUP BY jk) AS r USING jk ORDER BY jk
SELECT name, v, id FROM t INNER JOIN j ON id = jid WHERE v IS NULL ORDER BY name
SELECT count() FROM t AS l CROSS JOIN j AS r
SELECT sum(id * jid) FROM t CROSS JOIN j WHERE k = 1
SELECT id, r FROM t INNER JOIN (SELECT jid, jid AS r, name FROM j) ON id = jid WHERE name LIKE 'n1%' ORDER BY id
SELECT count(), sum(jid) FROM t ALL INNER JOIN j ON k = jk WHERE v > 3
SELECT w, count(), sum(v) FROM t INNER JOIN j ON id = jid GROUP BY w ORDER BY w

-- aggregates
SELECT count(), count(n), count(id), count(*), count(DISTINCT k) FROM t
SELECT sum(id), sum(u), sum(f), avg(id), avg(f), avg(u), min(f), max(f) FROM t
SELECT min(id), max(id), min(u), max(u), min(n), max(n), min(s), max(s), min(d), max(dt) FROM t
SELECT any(k), anyLast(k) FROM t WHERE k = 4
SELECT k, any(k * 10), anyLast(k % 3) FROM t GROUP BY k ORDER BY k
SELECT argMin(id, u), argMax(id, u), argMin(s, u), argMax(w, u), argMin(dt, u) FROM t
SELECT k, argMin(id, u), argMax(id, u) FROM t GROUP BY k ORDER BY k
SELECT uniqExact(k), uniqExact(s), uniqExact(n), uniqExact(k, w), uniqExact(id) FROM t
-- compare: rel 0.02
SELECT uniq(id), uniq(u), uniq(s), uniq(k, w) FROM t
-- compare: rel 0.02
SELECT k, uniq(u) FROM t GROUP BY k ORDER BY k
-- compare: abs 3
SELECT quantile(0.5)(f), quantile(0.9)(f), quantile(0.1)(f), median(f) FROM t
-- compare: abs 35
SELECT quantile(0.5)(id), quantile(0.25)(id), median(id) FROM t
SELECT quantileExact(0.5)(id), quantileExact(0.9)(f), quantileExact(0.1)(u), medianExact(k) FROM t
SELECT k, quantileExact(0.5)(id) FROM t GROUP BY k ORDER BY k
SELECT groupArray(id) FROM (SELECT id FROM t WHERE id < -1490 ORDER BY id)
SELECT groupArray(3)(id) FROM (SELECT id FROM t ORDER BY id DESC)
SELECT k, groupArray(id) FROM (SELECT k, id FROM t WHERE id < -1485 ORDER BY id) GROUP BY k ORDER BY k
SELECT groupUniqArray(x) FROM (SELECT arrayJoin([1, 1, 1]) AS x)
SELECT arraySort(groupUniqArray(k)), arraySort(groupUniqArray(w)) FROM t
-- compare: float
SELECT varPop(f), varSamp(f), stddevPop(f), stddevSamp(f) FROM t
-- compare: float
SELECT varPop(id), varSamp(id), stddevPop(u), stddevSamp(g) FROM t
-- compare: float
SELECT covarPop(id, f), covarSamp(id, f), corr(id, f), corr(id, id * 2) FROM t
-- compare: float
SELECT k, varPop(f), covarPop(f, g), corr(f, g) FROM t GROUP BY k ORDER BY k
SELECT varPop(x), varSamp(x), stddevSamp(x) FROM (SELECT 1 AS x)
SELECT topK(2)(if(k < 3, 0, if(k < 5, 1, k))) FROM t
SELECT topK(1)(w) FROM t WHERE k != 0 AND w IN ('Banana', 'héllo wörld', 'cherry pie')
-- compare: float
SELECT sum(g), avg(g), min(g), max(g) FROM t
-- compare: float
SELECT k, sum(g), avg(g * f) FROM t GROUP BY k ORDER BY k
SELECT sumIf(id, k = 1), countIf(k = 1), avgIf(f, k = 2), minIf(id, k = 3), maxIf(id, k = 3) FROM t
SELECT k, sumIf(u, n IS NULL), countIf(n > 0), maxIf(f, w = 'apple') FROM t GROUP BY k ORDER BY k
SELECT uniqExactIf(s, k = 1), argMinIf(id, u, k = 2), argMaxIf(id, u, k = 2), anyIf(w, id = 0) FROM t
SELECT groupArrayIf(id, k = 5) FROM (SELECT id, k FROM t WHERE id < -1470 ORDER BY id)
SELECT sumIf(id, 0), countIf(0), avgIf(id, 0), minIf(id, 0), maxIf(id, 0) FROM t
SELECT sum(n), avg(n), min(n), max(n), count(n) FROM t WHERE k = 3
SELECT sum(n), count(n), avg(n) FROM t WHERE n IS NULL
-- (no Date/DateTime here: 18.16 prints the zero date as 0000-00-00, later versions as 1970-01-01)
SELECT count(), sum(id), avg(id), min(s), max(u), groupArray(id), uniqExact(id) FROM t WHERE id > 5000
SELECT avg(k), avg(toFloat32(k)), avg(u) FROM t
SELECT sum(toInt64(id) * 1000000000000), max(toUInt64(u) * 1000000000000) FROM t
SELECT k, sum(id) / count(), avg(id) FROM t GROUP BY k ORDER BY k
SELECT sumWithOverflow(toInt8(k)), sum(toInt8(k)) FROM t
SELECT groupBitAnd(u), groupBitOr(u), groupBitXor(u) FROM t
SELECT count(), countIf(jk = 1) FROM j
-- compare: float
SELECT sum(v), avg(v), min(v), max(v), count(v) FROM j
SELECT k, count() AS c FROM t GROUP BY k ORDER BY c DESC, k

-- system.one, numbers, misc constant queries
SELECT dummy FROM system.one
SELECT number FROM numbers(5)
SELECT sum(number), count() FROM numbers(1000)
SELECT number % 3 AS x, count() FROM numbers(10) GROUP BY x ORDER BY x
SELECT toTypeName(number) FROM numbers(1)
SELECT 'single''quote', 'tab\there', 'new\nline', 'back\\slash'
SELECT NULL, [NULL], (NULL, 1), toNullable(1), toTypeName(toNullable(1))
SELECT 1 AS x, x + 1 AS y, y * 2

-- WITH TOTALS: the totals row follows the data after an empty line
SELECT k, count(), sum(id), min(s), max(dt) FROM t GROUP BY k WITH TOTALS ORDER BY k
SELECT k, count() AS c FROM t GROUP BY k WITH TOTALS HAVING c > 428 ORDER BY k
SELECT s, uniqExact(k), max(w) FROM t GROUP BY s WITH TOTALS ORDER BY s LIMIT 3
SELECT k, count() * 2 AS c2, toString(k) AS ks, concat(ks, '!') FROM t GROUP BY k WITH TOTALS ORDER BY k DESC
SELECT count(), sum(u) FROM t WITH TOTALS
SELECT n, count() FROM t GROUP BY n WITH TOTALS ORDER BY n LIMIT 3
SELECT s, count() FROM t WHERE id > 100000 GROUP BY s WITH TOTALS
-- compare: float
SELECT k, avg(f), min(g), argMax(s, id) FROM t GROUP BY k WITH TOTALS ORDER BY k
SELECT k % 3 AS m, sum(id) FROM t GROUP BY m WITH TOTALS HAVING sum(id) > 0 ORDER BY m

-- IP addresses: text, numbers, IPv4 inside IPv6, ClickHouse's zero compression
SELECT IPv4NumToString(toUInt32(u * 4294)), IPv4NumToStringClassC(toUInt32(u * 4294)), IPv4StringToNum(IPv4NumToString(toUInt32(u * 4294))) FROM t ORDER BY id LIMIT 20
SELECT IPv4StringToNum('192.168.1.1'), IPv4StringToNum('bad'), IPv4StringToNum('1.2.3'), IPv4StringToNum('256.1.1.1'), IPv4StringToNum('')
SELECT hex(IPv6StringToNum('2001:db8::1')), hex(IPv6StringToNum('bad')), hex(IPv6StringToNum('::ffff:1.2.3.4')), hex(IPv6StringToNum('::'))
SELECT IPv6NumToString(IPv6StringToNum(x)) FROM (SELECT arrayJoin(['::', '::1', '::1.2.3.4', '::ffff:1.2.3.4', '::fffe:1.2.3.4', '1::', '1:0:0:1::', '0:0:1::', '1:2:3:4:5:6:7:0', '1:0:3:4:5:6:7:8', 'ABCD::EF', '::ffff:0:0', '0:0:0:0:0:1:0:0', '64:ff9b::1.2.3.4', '1:0:0:1:0:0:1:1', '1:0:1:0:1:0:1:0', '0:1:0:0:0:1:0:0', 'fe80::1:0:0:0']) AS x)
SELECT IPv6NumToString(IPv4ToIPv6(toUInt32(u * 4294))) FROM t ORDER BY id LIMIT 10

-- utility functions
SELECT toColumnTypeName(1), toColumnTypeName(materialize(1)), toColumnTypeName(id), toColumnTypeName(n), identity(k), ignore(id, s), materialize('x') FROM t ORDER BY id LIMIT 5
SELECT reinterpretAsString(toUInt8(65 + k)), hex(reinterpretAsString(id)), hex(reinterpretAsString(f)), hex(reinterpretAsString(d)), reinterpretAsString(s) FROM t ORDER BY id LIMIT 20
SELECT visibleWidth(id), visibleWidth(f), visibleWidth(s), visibleWidth(w), visibleWidth(d), visibleWidth(dt), visibleWidth(n), visibleWidth(a), visibleWidth((k, s)) FROM t ORDER BY id LIMIT 20
SELECT arrayResize(a, k - 3), arrayResize(a, 2), arrayResize([s], -2), arrayResize(a, 3, 42) FROM t ORDER BY id LIMIT 30
SELECT throwIf(id > 100000000), sleep(0), sleep(0.001) FROM t ORDER BY id LIMIT 3
-- compare: error
SELECT throwIf(id > 0) FROM t

-- conversions that fall back: text read strictly, integers wrap on overflow, a minus before an unsigned type fails
SELECT toInt8OrZero('300'), toInt8OrZero('-129'), toUInt8OrZero('-1'), toInt32OrZero(' 12'), toInt32OrZero('12 '), toInt32OrZero('+12'), toInt32OrZero('1e3'), toInt32OrZero('0x10')
SELECT toUInt8OrZero('256'), toUInt8OrZero('-0'), toUInt16OrZero('70000'), toInt64OrZero('99999999999999999999'), toUInt64OrZero('18446744073709551616'), toUInt32OrNull('-5'), toInt16OrNull('40000'), toInt32OrZero(''), toInt32OrNull(''), toInt32OrZero('-'), toUInt8OrZero('+5')
SELECT toInt32OrZero(toFixedString('12', 4)), toInt32OrNull(toNullable('7')), toFloat32OrZero('1e40'), toFloat64OrNull('1,5'), toFloat64OrZero('0x10'), toFloat64OrZero('1e'), toFloat64OrZero('Infinity'), toFloat64OrZero('-inf'), toFloat64OrZero(' 1'), toFloat64OrZero('1.'), toFloat64OrZero('.5')
SELECT x, toInt16OrZero(x), toUInt32OrNull(x), toFloat64OrZero(x), toInt64OrNull(x), toUInt8OrZero(x), toInt8OrNull(x), toFloat32OrNull(x), toUInt64OrNull(x) FROM (SELECT arrayJoin(['', '0', '-0', '1', '-1', '+1', '65535', '65536', '-32769', '4294967296', '9223372036854775807', '9223372036854775808', '-9223372036854775809', '1.5', 'abc', ' 7', '7 ', '1e5', 'nan', 'inf', '00012', '18446744073709551615', '-nan', '+inf', '1.5e3', '1.2.3', '0.000001', '1e-400', '1e400']) AS x)
SELECT toInt32OrZero(s), toInt32OrNull(w), toUInt8OrZero(substring(s, 2)), toFloat32OrNull(concat(substring(s, 2), '.5')), toUInt16OrNull(toString(id)), toInt8OrZero(toString(id)) FROM t ORDER BY id LIMIT 40
SELECT sum(toInt32OrZero(substring(s, 2))), count(toFloat64OrNull(w)), sum(toUInt16OrZero(toString(id))), sum(toInt8OrZero(toString(id * 7))) FROM t

-- farmHash64: every length up to 700 walks each of farmhash's paths; numbers, arrays, tuples and columns
SELECT number, farmHash64(substring('575;yx;8xm5MslfY5ubiheyEd7P4zDL,ak6J0kGOD;KdinZnLXicaBAg8WY1jzIRlNQb0prFmbh7 wy5;yq1XoY1BaIMcAxYmfsB4HbQLXjjlAFbVV6q9rXxtNDFyuzX9k1gnne;GEYG1 LwiqD9jJBAciI05FhfwKVqlUr5Qrec8TNecj9iNOrjj5VfqRTk8j1d,bWWbjkloG1QX647k;dNl9cDo, GbVMszvR4,EPZGz3zBXCOArr,SfiJvo58JB0W,O5PjeJfJTNcrZ6ydIEsgo5nVjzz8Gwb8ewCIS.uYCl0Xq56zaW.R7PAmpBFXlNPHcS.ke4R1J dBi2ewQr8t4,lC4Lv;GNWAMsI,z0o.aWdfZp lvi60ZIF8,qR38Ony1dHqceytDbKPTF,n,p;Gz3cW0uABBrDSxOOyBymrEqlHXm31qzZcmzTUo.R.yj9nde;9syxoAwuKmhr7jmPY72;T3AVbfzx06UVZyvm;bPkZy.RHJouZrQV3xZAxjRM8mbTgDIMRBZxjX;,BpYconEG4Z.gzWbmHGJR;1m4jfXuX8v,h2,1KZNUK9IKLdbFfu0XgOYgOjC29GFfm7sFog16pAgTtpU4r16H1UrLqE9o.N.TJIyJEyF.zfhbIH2denCJjluEV99TARR,rjp5B42HXtVtPLx2Vm7Pkk3 7MbjNBkM,PKsCTPU', 1, number)), farmHash64(substring('575;yx;8xm5MslfY5ubiheyEd7P4zDL,ak6J0kGOD;KdinZnLXicaBAg8WY1jzIRlNQb0prFmbh7 wy5;yq1XoY1BaIMcAxYmfsB4HbQLXjjlAFbVV6q9rXxtNDFyuzX9k1gnne;GEYG1 LwiqD9jJBAciI05FhfwKVqlUr5Qrec8TNecj9iNOrjj5VfqRTk8j1d,bWWbjkloG1QX647k;dNl9cDo, GbVMszvR4,EPZGz3zBXCOArr,SfiJvo58JB0W,O5PjeJfJTNcrZ6ydIEsgo5nVjzz8Gwb8ewCIS.uYCl0Xq56zaW.R7PAmpBFXlNPHcS.ke4R1J dBi2ewQr8t4,lC4Lv;GNWAMsI,z0o.aWdfZp lvi60ZIF8,qR38Ony1dHqceytDbKPTF,n,p;Gz3cW0uABBrDSxOOyBymrEqlHXm31qzZcmzTUo.R.yj9nde;9syxoAwuKmhr7jmPY72;T3AVbfzx06UVZyvm;bPkZy.RHJouZrQV3xZAxjRM8mbTgDIMRBZxjX;,BpYconEG4Z.gzWbmHGJR;1m4jfXuX8v,h2,1KZNUK9IKLdbFfu0XgOYgOjC29GFfm7sFog16pAgTtpU4r16H1UrLqE9o.N.TJIyJEyF.zfhbIH2denCJjluEV99TARR,rjp5B42HXtVtPLx2Vm7Pkk3 7MbjNBkM,PKsCTPU', 3, number)) FROM numbers(701)
SELECT farmHash64(s), farmHash64(w), farmHash64(id), farmHash64(u), farmHash64(f), farmHash64(d), farmHash64(dt), farmHash64(a), farmHash64(s, k), farmHash64(n), farmHash64((s, k)) FROM t ORDER BY id LIMIT 50
SELECT farmHash64(''), farmHash64('abc'), farmHash64(1), farmHash64(-1), farmHash64(1.5), farmHash64(toUInt8(1)), farmHash64('a', 'b'), farmHash64([1, 2]), farmHash64(NULL)

-- arrayExists / arrayAll without a lambda: any / every element of an Array(UInt8) non-zero
SELECT arrayExists([0, 1]), arrayAll([1, 1]), arrayExists(arrayFilter(x -> 0, [toUInt8(1)])), arrayAll(arrayFilter(x -> 0, [toUInt8(1)])), arrayExists([0, 0]), arrayAll([1, 0]), arrayExists([0, 2])
SELECT a, arrayExists(arrayMap(x -> x > 5, a)), arrayAll(arrayMap(x -> x >= 0, a)), arrayExists(arrayMap(x -> x = 7, a)) FROM t ORDER BY id LIMIT 30
-- compare: error
SELECT arrayExists([1.5])
-- compare: error
SELECT arrayAll(a) FROM t

-- bar: full cells, a partial cell in eighths (18.16 draws 6/8 like 5/8 and 7/8 like 6/8), exactly n and 1/8 cells drawn as n
SELECT groupArray(b) FROM (SELECT bar(number, 0, 64, 8) AS b FROM numbers(65))
SELECT number, bar(number, 0, 100, 3), bar(number * 7, 13, 911, 7.3), bar(number, 100, 0, 5), bar(number - 50, -20, 20, 1), bar(number / 3, 0, 33, 12.5) FROM numbers(101)
SELECT bar(1.9, 0, 10, 10), bar(-5, 0, 10), length(bar(100, 0, 10)), bar(5, 10, 0, 10), bar(5, 5, 5, 10), bar(1, 0, 8, 1), bar(9, 0, 8, 9), bar(3, 0, 8, 3), bar(toNullable(1), 0, 2, 2), bar(NULL, 0, 2, 2)
SELECT id, bar(id, -1500, 1500, 30), bar(f, -50, 75, 10), bar(n, -50, 50, 4) FROM t ORDER BY id LIMIT 40
SELECT bar(toUInt8(200), 0, 255, 20), bar(toInt16(-3), -10, 10, 20), bar(toFloat32(2.5), 0, 10, 16), bar(toUInt64(18446744073709551615), 0, 10, 4), bar(2, 0, 3, 1000)
-- compare: error
SELECT bar(1, 0, 10, 0.5)
-- compare: error
SELECT bar(1, 0, 10, 1001)
-- compare: error
SELECT bar(1, k, 10) FROM t
