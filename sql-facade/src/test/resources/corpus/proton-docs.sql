-- Example SQL statements collected from the Timeplus docs (repository timeplus-io/docs, folder docs/).
-- Several stored versions of a page were read; statements from all versions are included, exact duplicates removed.
-- page: docs/sql-create-stream.md
CREATE STREAM versioned_kv(i int, k string, k1 string)
PRIMARY KEY (k, k1)
SETTINGS mode='versioned_kv', version_column='i';
CREATE STREAM changelog_kv(i int, k string, k1 string)
PRIMARY KEY (k, k1)
SETTINGS mode='changelog_kv', version_column='i';
-- page: docs/sql-show-streams.md
SHOW STREAMS;
-- page: docs/sql-show-create.md
SHOW CREATE stream_name;
SHOW CREATE STREAM stream_name;
-- page: docs/sql-create-database.md
CREATE DATABASE IF NOT EXISTS my_database;
CREATE DATABASE my_database;
USE my_database;
CREATE STREAM my_stream (raw string);
INSERT INTO my_stream(raw) VALUES ('hello');
SELECT * FROM table(my_stream);
SELECT * FROM table(my_database.my_stream);
SHOW STREAMS FROM mysql_database;
SELECT * FROM mysql_database.my_stream;
-- page: docs/working-with-streams.md
select count(*) from table(stream1);
-- page: docs/versioned-stream.md
SELECT * FROM dim_products;
SELECT orders._tp_time, order_id,product_id,quantity, price*quantity AS amount
FROM orders JOIN dim_products USING(product_id);
select sum(price) from dim_products;
SELECT orders._tp_time, order_id,product_id,quantity, price*quantity AS amount
FROM orders ASOF JOIN dim_products
ON orders.product_id=dim_products.product_id AND orders._tp_time >= dim_products._tp_time;
select * from table(dim_products);
-- page: docs/changelog-stream.md
select count(1), sum(price) from dim_products;
SELECT orders2._tp_time, order_id,product_id,quantity, price*quantity AS amount
FROM orders2 JOIN dim_products USING(product_id);
SELECT count(1) AS order_count, sum(price*quantity) AS revenue
FROM orders2 JOIN dim_products USING(product_id);
select 1::int8 as _tp_delta, after:product_id as product_id, after:price::float as price, cast(ts_ms::string,'datetime64(3, \'UTC\')') as _tp_time from rawcdc_dim_products where op in ('c','r')
union
select -1::int8 as _tp_delta, before:product_id as product_id, before:price::float as price, cast(ts_ms::string,'datetime64(3, \'UTC\')') as _tp_time from rawcdc_dim_products where op='d'
union
select -1::int8 as _tp_delta, before:product_id as product_id, before:price::float as price, cast(ts_ms::string,'datetime64(3, \'UTC\')') as _tp_time from rawcdc_dim_products where op='u'
union
select 1::int8 as _tp_delta, after:product_id as product_id, after:price::float as price, cast(ts_ms::string,'datetime64(3, \'UTC\')') as _tp_time from rawcdc_dim_products where op='u';
select 1::int8 as _tp_delta, after:order_id as order_id, after:product_id as product_id, after:quantity::int8 as quantity, cast(ts_ms::string,'datetime64(3, \'UTC\')') as _tp_time from rawcdc_orders where op in ('c','r')
union
select -1::int8 as _tp_delta, before:order_id as order_id, before:product_id as product_id, before:quantity::int8 as quantity, cast(ts_ms::string,'datetime64(3, \'UTC\')') as _tp_time from rawcdc_orders where op='d'
union
select -1::int8 as _tp_delta, before:order_id as order_id, before:product_id as product_id, before:quantity::int8 as quantity, cast(ts_ms::string,'datetime64(3, \'UTC\')') as _tp_time from rawcdc_orders where op='u'
union
select 1::int8 as _tp_delta, after:order_id as order_id, after:product_id as product_id, after:quantity::int8 as quantity, cast(ts_ms::string,'datetime64(3, \'UTC\')') as _tp_time from rawcdc_orders where op='u';
-- page: docs/sql-create-random-stream.md
CREATE RANDOM STREAM devices(
  device string default 'device'||to_string(rand()%4),
  location string default 'city'||to_string(rand()%10),
  temperature float default rand()%1000/10);
CREATE RANDOM STREAM rand_stream(i int default rand()%5) SETTINGS eps=10;
CREATE RANDOM STREAM rand_stream(i int default rand()%5) SETTINGS eps=1000, interval_time=200;
-- page: docs/view.md
create view view1 as select * from my_stream where c1='a';
select count(*) from tumble(view1,1m) group by window_start;
create view view2 as select * from table(my_stream);
select count(*) from view2;
SELECT * FROM materialized_view;
SELECT * FROM table(materialized_view);
SELECT * FROM materialized_view SETTINGS seek_to='earliest';
SELECT * FROM table(materialized_view) where __tp_version in (SELECT max(__tp_version) as m from table(materialized_view));
SELECT * FROM streaming_view;
SELECT * FROM table(streaming_view);
CREATE MATERIALIZED VIEW count_sv AS
SELECT device, count(*) FROM device_utils GROUP BY device
SETTINGS max_streaming_view_cached_block_count=1000,  max_streaming_view_cached_block_bytes=10000000;
SELECT * FROM table(count_cv);
SELECT count(*) FROM count_cv;
-- page: docs/sql-create-view.md
create view view1 as select * from my_stream where c1 ='a';
-- page: docs/sql-create-materialized-view.md
SELECT * FROM materialized_view WHERE _tp_time>='1970-01-01';
SELECT * FROM table(materialized_view) where _tp_time in (SELECT max(_tp_time) as m from table(materialized_view));
create materialized view mv as
select emit_version() as version, window_start as time, count() as n, max(speed_kmh) as h from tumble(car_live_data,10s)
group by window_start, window_end;
select * from table(mv) where version in (select max(version) from table(mv));
-- page: docs/materialized-view-checkpoint.md
CREATE STREAM source(i int, s string);
CREATE STREAM sink(win_start datetime64(3), total int, s string);
CREATE MATERIALIZED VIEW nlog_ckpt_rep INTO sink
AS
SELECT
    window_start AS win_start,
    s,
    SUM(i)
FROM tumble(source, 5s)
GROUP BY window_start, s;
CREATE MATERIALIZED VIEW shared_nlog_ckpt_rep INTO sink
AS
SELECT
    window_start AS win_start,
    s,
    SUM(i)
FROM tumble(source, 5s)
GROUP BY window_start, s
SETTINGS
    checkpoint_settings = 'storage_type=nativelog;shared_disk=s3_plain_disk';
CREATE MATERIALIZED VIEW rocks_shared_nlog_ckpt_rep INTO sink
AS
SELECT
    window_start AS win_start,
    s,
    SUM(i)
FROM tumble(source, 5s)
GROUP BY window_start, s
SETTINGS
    default_hash_table = 'hybrid', -- Uses RocksDB for incremental checkpoints
    checkpoint_settings = 'storage_type=nativelog;shared_disk=s3_plain_disk';
-- page: docs/sql-system-pause.md
SYSTEM PAUSE MATERIALIZED VIEW mv;
-- page: docs/sql-create-external-stream.md
CREATE EXTERNAL STREAM streama_proton
SETTINGS type='timeplus',hosts='host1',stream='streamA';
CREATE MATERIALIZED VIEW proton_to_tp_enterprise INTO streamA
AS SELECT * FROM streama_proton WHERE _tp_time>earliest_ts();
CREATE EXTERNAL STREAM stream_in_cloud
SETTINGS type='timeplus',hosts='cloud1',stream='..';
CREATE MATERIALIZED VIEW edge_to_cloud INTO stream_in_cloud
AS SELECT * FROM local_stream WHERE http_code>=400;
SYSTEM PAUSE MATERIALIZED VIEW edge_to_cloud;
SYSTEM UNPAUSE MATERIALIZED VIEW edge_to_cloud;
CREATE EXTERNAL STREAM test_kafka_es_nc(raw string)
SETTINGS
    type='kafka',
    topic='mytopic',
    named_collection='kafka_nc';
CREATE EXTERNAL STREAM ext_application_logs
         (raw string)
SETTINGS type='kafka',
         brokers='localhost:9092',
         topic='application_logs';
SELECT
    to_time(extract(raw, '^(\\d{4}\\.\\d{2}\\.\\d{2} \\d{2}:\\d{2}:\\d{2}\\.\\d+)')) AS timestamp,
    extract(raw, '} <(\\w+)>') AS level,
    extract(raw, '} <\\w+> (.*)') AS message
FROM application_logs;
CREATE EXTERNAL STREAM ext_json_raw
    (raw string)
SETTINGS type='kafka',
         brokers='localhost:9092',
         topic='github_events';
SELECT
    raw:actor AS actor,
    raw:created_at::datetime64(3, 'UTC') AS created_at,
    raw:id AS id,
    raw:payload AS payload,
    raw:repo AS repo,
    raw:type AS type
FROM ext_json_raw;
CREATE EXTERNAL STREAM ext_json_parsed
    (
        actor string,
        created_at datetime64(3, 'UTC'),
        id string,
        payload string,
        repo string,
        type string
    )
SETTINGS type='kafka',
         brokers='localhost:9092',
         topic='github_events',
         data_format='JSONEachRow';
CREATE EXTERNAL STREAM ext_json_parsed
    (
        actor string,
        created_at datetime64(3, 'UTC'),
        id string,
        payload string,
        repo string,
        type string
    )
SETTINGS type='kafka',
         brokers='localhost:9092',
         topic='csv_topic',
         data_format='CSV';
SELECT _tp_time, raw FROM ext_github_events;
SELECT _tp_message_key, raw FROM ext_github_events;
SELECT _tp_message_headers['trace_id'], raw FROM ext_github_events;
SELECT _tp_sn, _tp_shard, raw FROM ext_github_events;
SELECT raw FROM ext_stream SETTINGS shards='0';
SELECT raw FROM ext_stream SETTINGS shards='0,2';
SELECT raw FROM ext_stream SETTINGS seek_to='earliest';
SELECT raw FROM ext_stream SETTINGS seek_to='5,3,11';
SELECT raw FROM ext_stream SETTINGS seek_to='2025-01-01T00:00:00.000';
CREATE EXTERNAL STREAM ext_github_events(raw string)
SETTINGS type='kafka',
         brokers='localhost:9092',
         topic='github_events',
         properties='message.max.bytes=1000000;message.timeout.ms=6000';
-- page: docs/kafka-external-stream-sink.mdx
CREATE EXTERNAL STREAM ext_github_events (raw string)
SETTINGS type='kafka',
         brokers='localhost:9092',
         topic='github_events';
INSERT INTO ext_github_events VALUES ('some string');
CREATE EXTERNAL STREAM target(
    _tp_time datetime64(3),
    url string,
    method string,
    ip string)
    SETTINGS type='kafka',
             brokers='redpanda:9092',
             topic='masked-fe-event',
             data_format='JSONEachRow',
             one_message_per_row=true;
CREATE EXTERNAL STREAM target(_tp_time datetime64(3), url string, ip string)
SETTINGS type='kafka', brokers='redpanda:9092', topic='masked-fe-event',
         data_format='JSONEachRow',one_message_per_row=true;
CREATE EXTERNAL STREAM target(
    _tp_time datetime64(3),
    url string,
    method string,
    ip string)
    SETTINGS type='kafka',
             brokers='redpanda:9092',
             topic='masked-fe-event',
             data_format='CSV';
INSERT INTO foo(id,name,_tp_message_key) VALUES (1, 'John', 'some-key');
-- page: docs/query-syntax.md
SELECT count() FROM stream;
SELECT count() FROM table(stream);
select raw from my_ext_stream settings seek_to='earliest';
SELECT device, cpu_usage
FROM devices_utils
WHERE cpu_usage >= 99;
SELECT device, count(*)
FROM device_utils
WHERE cpu_usage > 99
EMIT PERIODIC 5s;
SELECT device, max(cpu_usage)
FROM tumble(device_utils, 5s)
GROUP BY device, window_end;
-- suspicious: GROUP BY references misspelled column widnow_end (typo in docs)
SELECT device, max(cpu_usage)
FROM tumble(device_utils, 5s)
GROUP BY device, widnow_end
EMIT AFTER WATERMARK DELAY 2s;
SELECT device, max(cpu_usage)
FROM tumble(devices, timestamp, 5s)
GROUP BY device, window_end
EMIT AFTER WATERMARK DELAY 2s;
SELECT device, max(cpu_usage)
FROM tumble(devices, now64(3, 'UTC'), 5s)
GROUP BY device, window_end
EMIT AFTER WATERMARK DELAY 2s;
SELECT device, max(cpu_usage)
FROM hop(device_utils, 2s, 5s)
GROUP BY device, window_end
EMIT AFTER WATERMARK;
SELECT *
FROM device_utils
WHERE cpu_usage > 80
EMIT LAST 5m;
SELECT device, count(*)
FROM device_utils
WHERE cpu_usage > 80
GROUP BY device
EMIT LAST 1h AND PERIODIC 5s
SETTINGS max_keep_windows=720;
SELECT device, window_end, count(*)
FROM tumble(device_utils, 5s)
WHERE cpu_usage > 80
GROUP BY device, window_end
EMIT LAST 1h
SETTINGS max_keep_windows=720;
SELECT device, max(cpu_usage)
FROM (
    SELECT * FROM device_utils WHERE cpu_usage > 80 -- vanilla subquery
) GROUP BY device;
WITH filtered AS(
    SELECT * FROM device_utils WHERE cpu_usage > 80 -- vanilla subquery
)
SELECT device, max(cpu_usage) FROM filtered GROUP BY device;
-- suspicious: selects FROM filteed, a misspelling of the CTE name filtered (older docs version)
WITH filtered AS(
    SELECT * FROM device_utils WHERE cpu_usage > 80 -- vanilla subquery
)
SELECT device, max(cpu_usage) FROM filteed GROUP BY device;
WITH avg_5_second AS (
    SELECT device, avg(cpu_usage) AS avg_usage, any(window_start) AS start -- tumble subquery
    FROM
      tumble(device_utils, 5s)
    GROUP BY device, window_start
)
SELECT device, max(avg_usage), window_end -- outer tumble aggregation query
FROM tumble(avg_5_second, start, 10s)
GROUP BY device, window_end;
-- suspicious: older docs version, uses WITH (subquery) AS alias (scalar-WITH form) as a table source
WITH (
    SELECT device, avg(cpu_usage) AS avg_usage, any(window_start) AS window_start -- tumble subquery
    FROM
      tumble(device_utils, 5s)
    GROUP BY device, window_start
) AS avg_5_second
SELECT device, max(avg_usage), window_end -- outer tumble aggregation query
FROM tumble(avg_5_second, window_start, 10s)
GROUP BY device, window_end;
SELECT device, max(avg_usage) -- outer global aggregation query
FROM
(
    SELECT device, avg(cpu_usage) AS avg_usage -- tumble subquery
    FROM
        tumble(device_utils, 5s)
    GROUP BY device, window_start
) AS avg_5_second
GROUP BY device;
SELECT device, max_k(avg_usage,5) -- outer global aggregation query
FROM
(
    SELECT device, avg(cpu_usage) AS avg_usage -- global aggregation subquery
    FROM device_utils
    GROUP BY device
) AS avg_5_second;
SELECT device, maxK(5)(avg_usage) -- outer global aggregation query
FROM
(
    SELECT device, avg(cpu_usage) AS avg_usage -- global aggregation subquery
    FROM device_utils
    GROUP BY device
) AS avg_5_second;
SELECT device, vendor, cpu_usage, timestamp
FROM device_utils
INNER JOIN table(device_products_info)
ON device_utils.product_id = device_products_info.id
WHERE device_products_info._tp_time > '2020-01-01T01:01:01';
-- page: docs/streaming-query.md
select * from my_stream;
select * from table(my_stream);
select c1,c2 from weblogs where http_code>=400;
select
concat(first_name,' ', last_name) as full_name,
replace_regex(phone,'(\\d{3})-(\\d{3})-(\\d{4})','\\1-***-****') as phone
from user_activities;
-- page: docs/history.md
SELECT * FROM device_utils SETTINGS query_mode='table';
SELECT * FROM table(device_utils);
-- page: docs/streaming-windows.md
SELECT device, max(cpu_usage)
FROM tumble(devices, timestamp, 5s)
GROUP BY device, window_end
EMIT AFTER WINDOW CLOSE WITH DELAY 2s;
SELECT device, max(cpu_usage)
FROM tumble(devices, now64(3, 'UTC'), 5s)
GROUP BY device, window_end
EMIT AFTER WINDOW CLOSE WITH DELAY 2s;
SELECT device, max(cpu_usage)
FROM hop(device_utils, 2s, 5s)
GROUP BY device, window_end
EMIT AFTER WINDOW CLOSE;
-- page: docs/tumble-aggregation.md
CREATE STREAM device_metrics (
    device string,
    cpu_usage float,
    event_time datetime64(3)
);
SELECT
    window_start,
    window_end,
    device,
    avg(cpu_usage) AS avg_cpu
FROM tumble(device_metrics, event_time, 5s)
GROUP BY
    window_start,
    device
EMIT AFTER WINDOW CLOSE;
SELECT window_start, device, max(cpu_usage)
FROM tumble(device_metrics, 5s)
GROUP BY window_start, device;
SELECT window_start, device, max(cpu_usage)
FROM tumble(device_metrics, 5s)
GROUP BY window_start, device
EMIT AFTER WINDOW CLOSE WITH DELAY 2s;
SELECT window_start, device, max(cpu_usage)
FROM tumble(device_metrics, 5s)
GROUP BY window_start, device
EMIT TIMEOUT 3s;
SELECT
  window_start, device, max(cpu_usage)
FROM
  tumble(device_metrics, 5s)
GROUP BY
  window_start, device
EMIT ON UPDATE;
SELECT
  window_start, device, max(cpu_usage)
FROM
  tumble(device_metrics, 5s)
GROUP BY
  window_start, device
EMIT ON UPDATE WITH BATCH 1s;
SELECT
  window_start, device, max(cpu_usage)
FROM
  tumble(device_metrics, 5s)
GROUP BY
  window_start, device
EMIT ON UPDATE WITH DELAY 2s;
-- page: docs/hop-aggregation.md
SELECT
  window_start,
  window_end,
  device,
  max(cpu_usage)
FROM hop(device_metrics, event_time, 4s, 10s)
GROUP BY window_start, window_end, device;
SELECT window_start, device, max(cpu_usage)
FROM hop(device_metrics, 4s, 10s)
GROUP BY window_start, device;
SELECT window_start, device, max(cpu_usage)
FROM hop(device_utils, 4s, 10s)
GROUP BY window_start, device
EMIT AFTER WINDOW CLOSE WITH DELAY 2s;
SELECT window_start, device, max(cpu_usage)
FROM hop(device_metrics, 4s, 10s)
GROUP BY window_start, device
EMIT TIMEOUT 3s;
SELECT
  window_start, device, max(cpu_usage)
FROM
  hop(device_devices, 4s, 10s)
GROUP BY
  window_start, device
EMIT ON UPDATE;
SELECT
  window_start, device, max(cpu_usage)
FROM
  hop(device_metrics, 4s, 10s)
GROUP BY
  window_start, device
EMIT ON UPDATE WITH BATCH 1s;
SELECT
  window_start, device, max(cpu_usage)
FROM
  hop(device_metrics, 4s, 10s)
GROUP BY
  window_start, device
EMIT ON UPDATE WITH DELAY 2s;
-- page: docs/session-aggregation.md
CREATE STREAM click_stream(
  user_id string,
  action string,
  timestamp datetime64(3)
);
SELECT
  user_id,
  count(*) AS click_count,
  window_start,
  window_end
FROM
  session(click_stream, timestamp, 15s, 30m, position(action, 'login') > 0, position(action, 'logout') > 0)
GROUP BY
  user_id, window_start, window_end;
-- page: docs/streaming-aggregations.md
SELECT window_start, count() as count FROM tumble(stream,2s)
GROUP BY window_start;
-- suspicious: GROUP BY references misspelled column widnow_end (typo in docs)
SELECT device, max(cpu_usage)
FROM tumble(device_utils, 5s)
GROUP BY device, widnow_end
EMIT AFTER WINDOW CLOSE WITH DELAY 2s;
SELECT window_start, count() AS cnt
FROM tumble(car_live_data, 5s)
GROUP BY window_start
HAVING cnt > 300
EMIT PERIODIC 1s;
SELECT count() FROM t
EMIT PERIODIC 3s REPEAT;
SELECT
  window_start, cid, count() AS cnt
FROM
  tumble(car_live_data, 5s)
WHERE
  cid IN ('c00033', 'c00022')
GROUP BY
  window_start, cid
EMIT ON UPDATE;
SELECT
  window_start, cid, count() AS cnt
FROM
  tumble(car_live_data, 5s)
WHERE
  cid IN ('c00033', 'c00022')
GROUP BY
  window_start, cid
EMIT ON UPDATE WITH DELAY 2s;
SELECT
  window_start, cid, count() AS cnt
FROM
  tumble(car_live_data, 5s)
WHERE
  cid IN ('c00033', 'c00022')
GROUP BY
  window_start, cid
EMIT ON UPDATE WITH BATCH 2s;
SELECT count() FROM t EMIT TIMEOUT 1s;
SELECT count() FROM tumble(t,5s) GROUP BY window_start EMIT TIMEOUT 1s;
-- page: docs/global-aggregation.md
SELECT device, count(*)
FROM device_utils
WHERE cpu_usage > 99
GROUP BY device
EMIT PERIODIC 5s;
CREATE STREAM device_utils(
    location string,
    device string,
    cpu float32
) SETTINGS shards=3;
select count() from market_data;
-- page: docs/query-settings.md
select * from test_stream where _tp_time > earliest_timestamp()
settings replay_speed=1, replay_time_column='time_col';
SELECT * FROM tableA
LEFT JOIN tableB ON tableA.id=tableB.id
SETTINGS join_max_buffered_bytes=8589934592;
-- page: docs/functions_for_agg.md
select moving_sum(a) from(select 1 as a union select 2 as a union select 3 as a);
-- page: docs/functions_for_streaming.md
select count(*) from clicks;
select count(*) from table(clicks);
create view histrical_view as select * from table(stream_name);
select * from table(ext_stream);
select count(*) from table(ext_stream);
WITH latest_to_earliest AS (SELECT * FROM table(my_stream) ORDER by _tp_time DESC)
SELECT * FROM dedup(latest_to_earliest, id);
SELECT * FROM stream1 ASOF JOIN stream2
ON stream1.id=stream2.id AND stream1.seq>=stream2.seq AND lag_behind(10ms, stream1.ts1, stream2.ts2);
SELECT now();
SELECT emit_version();
select emit_version(),count(*) from car_live_data;
select * from changelog(car_live_data,cid);
select _tp_time,cid,speed_kmh, _tp_delta
from changelog(car_live_data, cid, _tp_time, true);
-- page: docs/streaming-joins.md
CREATE STREAM append(i int, k string) SETTINGS mode='append';
CREATE STREAM append(i int, k string);
SELECT * FROM
left_append JOIN right_append
ON left_append.k = right_append.kk;
SELECT k, count(*), min(i), max(i), avg(i), min(ii), max(ii), avg(ii)
FROM left_vk JOIN right_vk
ON left_vk.k = right_vk.kk;
SELECT * FROM left_stream JOIN right_stream
ON left_stream.key = right_stream.key AND date_diff_within(2m);
SELECT * FROM left_stream JOIN right_stream
ON left_stream.key = right_stream.key
AND date_diff_within(2m, left_stream.col1, right_stream.col2);
SELECT * FROM left_stream JOIN right_stream
ON left_stream.key = right_stream.key
AND date_diff_within(left_stream.col1, right_stream.col2, 2m);
SELECT device, vendor, cpu_usage, timestamp
FROM device_utils
INNER JOIN table(device_products_info) AS dim
ON device_utils.product_id = dim.id;
CREATE STREAM versioned_kv(j int, k string, kk string) PRIMARY KEY (k, kk) SETTINGS mode='versioned_kv';
SELECT * FROM append JOIN versioned_kv USING(k);
INSERT INTO versioned_kv(j, k, kk) VALUES (1, 'a', 'aa'), (2, 'a', 'bb');
INSERT INTO append(i, k) VALUES (11, 'a');
CREATE STREAM orders(id string, product_id string, quantity uint32);
SELECT * FROM test_left LEFT JOIN test_right ON test_left.k1 = test_right.k1 AND test_left.k2 = test_right.k2
SETTINGS join_algorithm = 'direct';
SELECT * FROM test_left LEFT JOIN test_right ON test_left.k1 = test_right.k1
SETTINGS join_algorithm = 'direct';
SELECT * FROM test_left LEFT JOIN test_right ON test_left.v = test_right.v1
SETTINGS join_algorithm = 'direct';
SELECT * FROM append ASOF JOIN versioned_kv
ON append.k = versioned_kv.k AND append.i <= versioned_kv.j
SETTINGS keep_versions = 5;
INSERT INTO versioned_kv(j, k, kk) VALUES (100, 'a', 'bb'), (101, 'a', 'cc'), (102, 'a', 'dd'), (103, 'a', 'ee');
INSERT INTO append(i, k) VALUES (99, 'a');
SELECT * FROM append LATEST JOIN versioned_kv
ON append.k = versioned_kv.k;
-- suspicious: ASOF LATEST JOIN combines two strictness keywords (older docs version, probably a typo)
SELECT * FROM append ASOF LATEST JOIN versioned_kv
ON append.k = versioned_kv.k;
-- page: docs/bidirectional-range-join.md
CREATE STREAM left_range(i int, k string);
CREATE STREAM right_range(ii int, kk string);
SELECT * FROM left_range JOIN right_range ON left_range.k = right_range.kk AND date_diff_within(30s);
INSERT INTO left_range(i, k, _tp_time) VALUES (1, 'a', '2023-07-01 00:01:00');
INSERT INTO right_range(ii, kk, _tp_time) VALUES (22, 'a', '2023-07-01 00:00:50');
-- page: docs/enrichment-join.md
CREATE STREAM orders
(
    id string,
    product_id string,
    price float64,
    quantity uint32,
    timestamp datetime64(3)
);
SELECT
    *
FROM orders INNER JOIN table(products) AS products
ON orders.product_id = products.id;
SELECT
    *
FROM orders INNER JOIN table(products) AS products
ON orders.product_id = products.id
SETTINGS
    join_algorithm = 'parallel_hash',
    max_threads = 4;
SELECT
    *
FROM orders INNER JOIN table(products) AS products
ON orders.product_id = products.id
SETTINGS
    default_hash_join = 'hybrid',   -- Enable hybrid hash table
    max_hot_keys = 100000;
-- page: docs/sql-alter-stream.md
ALTER STREAM stream_name MODIFY TTL
to_datetime(created_at) + INTERVAL 48 HOUR;
ALTER STREAM test MODIFY SETTING log_kvstore=1, kvstore_options='write_buffer_size=1024;max_write_buffer_number=2;max_background_jobs=4';
ALTER STREAM test MODIFY SETTING logstore_codec='lz4';
ALTER STREAM stream_99005 ADD COLUMN e int, ADD COLUMN f int;
ALTER STREAM stream_name RENAME COLUMN column_name TO new_column_name;
SELECT partition, table,name,active FROM system.parts;
-- page: docs/sql-explain.md
EXPLAIN AST SELECT 1;
EXPLAIN AST ALTER STREAM t1 ADD COLUMN new_col string;
EXPLAIN SYNTAX SELECT * FROM system.numbers AS a, system.numbers AS b, system.numbers AS c WHERE a.number = b.number AND b.number = c.number;
EXPLAIN SELECT sum(number) FROM numbers(10) GROUP BY number % 4;
EXPLAIN PIPELINE SELECT sum(number) FROM numbers_mt(100000) GROUP BY number % 4;
CREATE STREAM ttt (i int64) ORDER BY i SETTINGS index_granularity = 16, write_final_mark = 0;
INSERT INTO ttt(i) SELECT number FROM numbers(128);
-- page: docs/functions_for_random.md
SELECT rand();
SELECT rand32();
SELECT rand64();
SELECT random_in_type('int');
SELECT random_in_type('uint');
SELECT random_in_type('string');
SELECT random_in_type('date');
SELECT random_in_type('decimal32(3)');
SELECT random_in_type('uuid');
SELECT random_in_type('ipv4');
SELECT random_in_type('ipv6');
SELECT random_in_type('int',3);
SELECT random_in_type('date',30);
SELECT random_in_type('int',x -> to_int(2*x));
SELECT random_in_type('date32', 3, x -> to_date('2023-9-1') + interval x day);
SELECT * FROM numbers(10);
SELECT * FROM numbers(0, 10);
SELECT * FROM system.numbers LIMIT 10;
SELECT * FROM system.numbers WHERE number BETWEEN 0 AND 9;
SELECT * FROM system.numbers WHERE number IN (0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
SELECT number * 2 FROM numbers(10);
SELECT (number - 10) * 2 FROM numbers(10, 10);
select to_date('2010-01-01') + number as d FROM numbers(365);
-- page: docs/functions_for_datetime.md
SELECT year(today());
SELECT quarter(today());
SELECT month(today());
SELECT to_unix_timestamp(now());
SELECT to_unix_timestamp64_milli(now64());
SELECT to_unix_timestamp64_micro(now64(9));
SELECT to_unix_timestamp64_nano(now64(9));
SELECT to_start_of_second(now64());
SELECT to_date('1953-11-02');
SELECT to_datetime(1655265661);
SELECT to_datetime(today());
SELECT today();
SELECT to_YYYYMM(today());
SELECT
  to_time('2022-05-16', 'America/New_York') AS t1, to_timezone(t1, 'UTC') AS t2;
select parse_datetime('2021-01-04+23:00:00', '%Y-%m-%d+%H:%i:%s');
select parse_datetime_in_joda_syntax('2023-02-24 14:53:31', 'yyyy-MM-dd HH:mm:ss');
SELECT date_trunc('month',now());
SELECT date_add(HOUR, 2, now());
SELECT date_add(HOUR, -2, now());
SELECT date_add(now(),2h);
SELECT date_add(now(),-2h);
SELECT date_sub(HOUR, 2, now());
SELECT date_sub(now(),2h);
SELECT earliest_timestamp();
SELECT earliest_ts();
-- page: docs/functions_for_text.md
SELECT format('{} {}', 'Hello', 'World');
SELECT concat('95','%');
SELECT '95' || '%';
SELECT to_string(95) || '%';
SELECT split_by_string('b','abcbxby');
SELECT replace_one('abca','a','z');
SELECT replace('aabc','a','z');
SELECT replace_regex('604-123-4567','(\\d{3})-(\\d{3})-(\\d{4})','\\1-***-****');
SELECT extract('key1=value1, key2=value2','key1=(\\w+)');
create view logs as
select extract(value, 'key1=(\\w+)') as key1,
       extract(value, 'key2=(\\w+)') as key2
       from log_stream;
SELECT
 extract_all_groups('v1=111, v2=222, v3=333', '("[^"]+"|\\w+)=("[^"]+"|\\w+)') as groups;
SELECT
 extract_all_groups_horizontal('v1=111, v2=222, v3=333', '("[^"]+"|\\w+)=("[^"]+"|\\w+)') as groups;
SELECT extract_key_value_pairs('name:neymar, age:31 team:psg,nationality:brazil');
SELECT grok('My name is Jack. I am 23 years old.','My name is %{DATA:name}. I am %{INT:age} years old.') as m;
SELECT uuid();
SELECT uuid(1) as a, uuid(2) as b;
SELECT base64_encode('hello');
SELECT base64_decode('aGVsbG8=');
SELECT base58_encode('hello');
SELECT base58_decode('Cn8eVZg');
SELECT format_readable_quantity(10036);
SELECT format_readable_size(10036);
-- page: docs/functions_for_type.md
SELECT to_time('1/2/22');
SELECT to_time('1/2/22','America/New_York');
SELECT to_float('3.1415926');
SELECT to_decimal('3.1415926',2);
select to_bool(1), to_bool(true),to_bool(True),to_bool('true');
select
    cast('1', 'integer'),
    cast('1' as integer),
    cast(3.1415, 'decimal(3, 2)'),
    json_extract_string('{"a":"001"}','a')::integer;
-- page: docs/functions_for_logic.md
SELECT if(1=2,'a','b');
select sleep(2);
-- page: docs/functions_for_math.md
SELECT round(3.14);
SELECT round(3.14,1);
SELECT round(314.15,-2);
SELECT e();
SELECT pi();
-- suspicious: function name misspelled as degress (docs typo for degrees)
SELECT degress(3.14);
SELECT radians(180);
-- page: docs/functions_for_json.md
SELECT json_extract_int('{"a":10,"b":3.13}','a');
SELECT json_extract_int('{"a":10,"b":3.13}','b');
SELECT json_extract_bool('{"a":true}','a');
SELECT json_extract_string('{"a":true,"b":{"c":1}}','b');
SELECT json_extract_array('{"a": "hello", "b": [-100, 200.0, "hello"]}', 'b');
select '{"system_diskio_name":"nvme0n1"}' as tags,json_extract_keys(tags);
SELECT json_has('{"a":10,"b":20}','c');
SELECT json_value('{"a":true,"b":{"c":1}}','$.b.c');
SELECT json_query('{"a":true,"b":{"c":1}}','$.b.c');
SELECT json_query('{"records":[{"b":{"c":1}},{"b":{"c":2}},{"b":{"c":3}}]}','$.records[*].b.c');
SELECT json_array_length('[3,4,5]');
SELECT json_merge_patch('{"a":1,"b":2}', '{"b":3,"c":4}');
-- page: docs/functions_for_url.md
SELECT protocol('https://docs.timeplus.com/functions');
SELECT domain('https://docs.timeplus.com/functions');
SELECT port('https://docs.timeplus.com/functions');
SELECT path('https://docs.timeplus.com/functions');
SELECT path_full('https://docs.timeplus.com/functions_for_logic#if');
SELECT fragment('https://docs.timeplus.com/functions_for_logic#if');
SELECT query_string('https://a.com?k=v&key=value');
select ipv4_num_to_string(1823216871);
select ipv4_string_to_num('108.172.20.231');
select ipv4_num_to_string_class_c(1823216871);
select ipv6_num_to_string(to_fixed_string(unhex('2A0206B8000000000000000000000011'),16));
select hex(ipv6_string_to_num('2a02:2168:aaa:bbbb::2'));
select hex(ipv6_string_to_num('108.172.20.231'));
select ipv6_num_to_string(ipv4_to_ipv6(ipv4_string_to_num('192.168.0.1')));
select ipv4_cidr_to_range(to_ipv4('192.168.0.1'),16);
select ipv6_cidr_to_range(to_ipv6('2001:0db8:0000:85a3:0000:0000:ac1f:8001'),32);
select is_ip_address_in_range('127.0.0.1', '127.0.0.0/8');
select is_ip_address_in_range('127.0.0.1', 'ffff::/16');
-- page: docs/functions_for_comp.md
SELECT array_cast(1,2);
SELECT array_cast('a','n');
SELECT array_compact([1,1,2,2,2,3,4,4,5]);
SELECT array_difference([1,2,3,5]);
SELECT array_distinct([1,1,2,3,3,1]);
SELECT array_compact([1,1,2,3,3,1]);
SELECT array_flatten([[[1]], [[2], [3]]]);
SELECT array_string_concat([1,2,3],'-');
select array_join([10,20]) as v, 'text' as t;
SELECT array_pop_back([1,2,3]);
SELECT array_pop_front([1,2,3]);
SELECT array_push_back([1,2,3],4);
SELECT array_push_front([1,2,3],4);
SELECT array_product([2,3,4]);
SELECT array_resize([3,4],1);
SELECT array_resize([3,4],4,5);
SELECT array_reverse([1,2,3]);
SELECT array_slice([1,2,3,4,5],2);
SELECT array_slice([1,2,3,4,5],2,3);
SELECT array_uniq([1,1,2,3]);
SELECT array_zip([1,2,3],['a','b','c']);
SELECT array_all([1,2]);
SELECT array_all([0,0]);
SELECT array_all(x->x%2==0,[2,4,6]);
SELECT array_avg([2,6]);
SELECT array_avg(x->x*x,[2,6]);
SELECT array_count([0,0,1,2]);
SELECT array_count(x->x>1,[1,2]);
SELECT array_cum_sum([1,1,1]);
SELECT array_cum_sum(x->x*x,[1,2]);
SELECT array_exists([0,1,2]);
SELECT array_exists([0,0]);
SELECT array_exists(x->x%2==0,[2,3,4]);
SELECT array_filter(x->x%2==0, [1,2,3,4]);
SELECT array_first(x->x%2==0, [1,2,3,4]);
SELECT array_first_index(x->x%2==0, [1,2,3,4]);
SELECT array_last(x->x%2==0, [1,2,3,4]);
SELECT array_last_index(x->x%2==0, [1,2,3,4]);
SELECT array_map(x->x*x,[1,2]);
SELECT array_max(x->x*x,[1,2]);
SELECT array_min(x->x*x,[1,2]);
SELECT array_sort([3,2,5,4]);
SELECT array_sort(x->-x,[3,2,5,4]);
SELECT array_sum([2,6]);
SELECT array_sum(x->x*x,[2,6]);
-- suspicious: two-parameter lambda written without parentheses (acc, x -> ...), as in docs
SELECT array_fold(acc, x -> acc + (x * 2), [1, 2, 3, 4], to_int64(3));
SELECT map_cast(['k1','k2'],[91,95]);
-- page: docs/functions_for_dict.md
SELECT dict_get('taxi_zone_dictionary', 'Borough', 132);
SELECT dict_get('taxi_zone_dictionary', ('Borough', 'Zone'), 132);
SELECT dict_get_or_default('taxi_zone_dictionary', 'Borough', 1320,'Unknown');
SELECT dict_get_or_default('taxi_zone_dictionary', 'Borough', 1320,-1) as v, to_type_name(v);
SELECT dict_get_or_null('taxi_zone_dictionary', 'Borough', 1320);
SELECT dict_get_or_null('taxi_zone_dictionary', 'Borough', 1320) as v, to_type_name(v);
-- page: docs/functions_for_geo.md
SELECT point_in_polygon((3., 3.), [(6, 0), (8, 4), (5, 8), (0, 2)]) AS res;
-- page: docs/functions_for_table.md
SELECT *
FROM VALUES(
    'person string, place string',
    ('Noah', 'Paris'),
    ('Emma', 'Tokyo'),
    ('Liam', 'Sydney'),
    ('Olivia', 'Berlin'),
    ('Ilya', 'London'),
    ('Sophia', 'London'),
    ('Jackson', 'Madrid'),
    ('Alexey', 'Amsterdam'),
    ('Mason', 'Venice'),
    ('Isabella', 'Prague')
);
SELECT *
FROM VALUES(
    'person string',
    'Noah',
    'Emma',
    'Liam',
    'Olivia',
    'Ilya',
    'Sophia',
    'Jackson',
    'Alexey',
    'Mason',
    'Isabella'
);
SELECT *
FROM VALUES(
    ('Noah', 'Paris'),
    ('Emma', 'Tokyo'),
    ('Liam', 'Sydney'),
    ('Olivia', 'Berlin'),
    ('Ilya', 'London'),
    ('Sophia', 'London'),
    ('Jackson', 'Madrid'),
    ('Alexey', 'Amsterdam'),
    ('Mason', 'Venice'),
    ('Isabella', 'Prague')
);
SELECT *
FROM VALUES(
    'Noah',
    'Emma',
    'Liam',
    'Olivia',
    'Ilya',
    'Sophia',
    'Jackson',
    'Alexey',
    'Mason',
    'Isabella'
);
SELECT *, _tp_delta FROM left LATEST JOIN right USING(id);
select t1.col_k, t1.col_v, t2.col_j from left as t1 full latest join right as t2 on t1.col_k = t2.col_k;
select t1.col_k, t1.col_v, t2.col_j from left as t1 full all join right as t2 on t1.col_k = t2.col_k;
SELECT * except (_tp_time) FROM orders JOIN mysql_dict AS products
ON orders.product_id = products.id
SETTINGS join_algorithm = 'direct';
SELECT * except (_tp_time) FROM orders JOIN tp_products_dict_mutable AS products ON orders.product_id = products.id
SETTINGS join_algorithm = 'direct';
OPTIMIZE STREAM ttt;
