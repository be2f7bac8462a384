"""Drives Muon with clickhouse-driver, the Python native protocol client (Debian's python3-clickhouse-driver).

Run by NativeClientTest as: python3 native_driver_check.py HOST BATCH_PORT STREAMING_PORT. Each check prints one line
the test compares; a failed check raises, so the process exits non-zero with the difference on stderr.
"""
import datetime
import decimal
import ipaddress
import sys
import uuid

from clickhouse_driver import Client, defines
from clickhouse_driver.errors import ServerException

host, port, streaming_port = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
client = Client(host, port=port)


def check(name, expected, actual):
    if expected != actual:
        raise AssertionError('%s:\n expected %r\n      got %r' % (name, expected, actual))
    print(name, 'ok', flush=True)


client.execute('SELECT 1')
info = client.connection.server_info
print('revisions', defines.CLIENT_REVISION, info.revision, flush=True)

# every P0 type: the driver encodes the Data blocks of the INSERT itself and decodes the SELECT's
COLUMNS = [
    ('i8', 'Int8', -128), ('i16', 'Int16', -32768), ('i32', 'Int32', -2147483648),
    ('i64', 'Int64', -9223372036854775808), ('u8', 'UInt8', 255), ('u16', 'UInt16', 65535),
    ('u32', 'UInt32', 4294967295), ('u64', 'UInt64', 18446744073709551615),
    ('i128', 'Int128', -170141183460469231731687303715884105728),
    ('i256', 'Int256', 2 ** 255 - 1),
    ('f32', 'Float32', 1.5), ('f64', 'Float64', -2.25),
    ('dec', 'Decimal(18, 4)', decimal.Decimal('12345678901234.5678')),
    ('b', 'Bool', True), ('s', 'String', 'tab\there \u00fc\u20ac'), ('fs', 'FixedString(4)', 'abcd'),
    ('u', 'UUID', uuid.UUID('61f0c404-5cb3-11e7-907b-a6006ad3dba0')),
    ('ip4', 'IPv4', ipaddress.IPv4Address('192.168.1.1')),
    ('ip6', 'IPv6', ipaddress.IPv6Address('2001:db8::1')),
    ('e8', "Enum8('x' = 1, 'y' = 2)", 'y'), ('e16', "Enum16('big' = 1000, 'neg' = -1000)", 'neg'),
    ('d', 'Date', datetime.date(2024, 2, 29)), ('d32', 'Date32', datetime.date(2200, 1, 1)),
    ('dt', "DateTime('UTC')", datetime.datetime(2024, 1, 1, 12, 34, 56)),
    ('dt64', "DateTime64(3, 'UTC')", datetime.datetime(2024, 1, 1, 12, 34, 56, 789000)),
    ('n', 'Nullable(String)', None), ('nn', 'Nullable(Int64)', 42),
    ('a', 'Array(Nullable(Int32))', [1, None, -3]), ('aa', 'Array(Array(String))', [['x'], [], ['y', 'z']]),
    ('m', 'Map(String, UInt64)', {'k': 7, 'l': 0}), ('t', 'Tuple(UInt8, String)', (255, '\u00fc')),
    ('lc', 'LowCardinality(String)', 'low'), ('lcn', 'LowCardinality(Nullable(String))', None),
]
client.execute('CREATE STREAM py_types (%s)' % ', '.join('%s %s' % (c[0], c[1]) for c in COLUMNS))
names = ', '.join(c[0] for c in COLUMNS)
first = tuple(c[2] for c in COLUMNS)
client.execute('INSERT INTO py_types (%s) VALUES' % names, [first])
zero = client.execute('SELECT %s FROM table(py_types) WHERE 0' % names, with_column_types=True)[1]
check('types', [(c[0], c[1]) for c in COLUMNS], zero)


def naive(value):
    return value.replace(tzinfo=None) if isinstance(value, datetime.datetime) and value.tzinfo else value


rows = client.execute('SELECT %s FROM table(py_types)' % names)
check('values', [first], [tuple(naive(v) for v in row) for row in rows])

# a million rows in blocks the driver cuts, sent as columns
client.execute('CREATE STREAM py_big (id UInt64, s String, v Float64)')
count = 1000000
client.execute('INSERT INTO py_big (id, s, v) VALUES',
               [list(range(count)), ['s%d' % (i % 1000) for i in range(count)], [i * 0.5 for i in range(count)]],
               columnar=True)
check('million', [(count, count * (count - 1) // 2, 1000)],
      client.execute('SELECT count(), sum(id), uniqExact(s) FROM table(py_big)'))

# Progress packets while a query runs: they add up to the rows it read
progress = client.execute_with_progress('SELECT sum(number % 7) FROM numbers(50000000)')
updates = list(progress)
check('progress', (True, 50000000), (len(updates) > 1, updates[-1][0]))
check('progress result', [(sum(range(7)) * (50000000 // 7),)], progress.get_result())

# ProfileInfo: the rows an ORDER BY saw before the LIMIT
client.execute('SELECT id FROM table(py_big) WHERE id % 10 = 0 ORDER BY id DESC LIMIT 3')
profile = client.last_query.profile_info
check('rows before limit', (True, 100000), (profile.applied_limit, profile.rows_before_limit))

# totals follow the rows
check('totals', [(0, 3), (1, 2), (0, 5)],
      client.execute('SELECT number % 2 AS k, count() FROM numbers(5) GROUP BY k WITH TOTALS ORDER BY k'))

def _error(sql):
    try:
        client.execute(sql)
    except ServerException as e:
        return e
    raise AssertionError(sql + ' should fail')


# errors carry ClickHouse's codes, and the connection goes on
for sql, code in [('SELECT nosuch', 47), ('SELECT * FROM table(nowhere)', 60), ('SELEC 1', 62)]:
    try:
        client.execute(sql)
        raise AssertionError(sql + ' should fail')
    except ServerException as e:
        check('error %d' % code, code, e.code)
check('after errors', [(2,)], client.execute('SELECT 1 + 1'))

# an external table sent with the query: read, joined and used as an IN set
external = [{'name': 'ext', 'structure': [('id', 'UInt64'), ('tag', 'String')],
             'data': [{'id': 1, 'tag': 'one'}, {'id': 999999, 'tag': 'last'}, {'id': 2000000, 'tag': 'none'}]}]
check('external table', [(3, 'last,none,one')],
      client.execute("SELECT count(), arrayStringConcat(arraySort(groupArray(tag)), ',') FROM ext",
                     external_tables=external))
check('external join', [(1, 'one'), (999999, 'last')],
      client.execute('SELECT b.id, ext.tag FROM table(py_big) AS b INNER JOIN ext ON b.id = ext.id ORDER BY b.id',
                     external_tables=external))
check('external in', [(2,)], client.execute('SELECT count() FROM table(py_big) WHERE id IN ids',
                                             external_tables=[{'name': 'ids', 'structure': [('id', 'UInt64')],
                                                               'data': [{'id': 5}, {'id': 7}, {'id': 5000000}]}]))
check('external gone', 60, _error('SELECT * FROM ext').code)

# a streaming query on the streaming port ends at its LIMIT
streaming = Client(host, port=streaming_port)
rows = list(streaming.execute_iter("SELECT id FROM py_big WHERE id < 3 LIMIT 3 SETTINGS seek_to = 'earliest'"))
check('streaming', [(0,), (1,), (2,)], sorted(rows))
