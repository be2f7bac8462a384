-- Examples from Proton's docs that use syntax outside the dialect FEATURES.md asks for (or typos in the docs).
-- The parser must reject each with a clean Code 62 syntax error; a test checks that, and fails if one starts
-- to parse (then it belongs in proton-docs.sql).
-- outside the dialect: TTL … TO VOLUME needs storage policies, not in the dialect
CREATE STREAM my_stream (
    id uint32,
    name string,
    age uint8
)
TTL to_start_of_day(_tp_time) + interval 7 day to volume 'cold'
SETTINGS storage_policy = 'hcs';
-- outside the dialect: format schemas are not in the dialect
SHOW CREATE FORMAT SCHEMA schema_name;
-- outside the dialect: UDFs are P2 and not in this grammar
SHOW CREATE FUNCTION func_name;
-- outside the dialect: SHOW CREATE … SETTINGS is not in the dialect
show create github_events settings show_multi_versions=true;
-- outside the dialect: external databases (MySQL) are not in the dialect
CREATE DATABASE mysql_database
SETTINGS
    type = 'mysql',
    address = 'localhost:port',
    user = 'root',
    password = 'password',
    database = 'my_database';
-- outside the dialect: disks are storage configuration, not in the dialect
CREATE DISK s3_plain_disk disk(
    type = 's3_plain',
    -- metadata_type='plain',
    endpoint = 'http://localhost:9000/disk/checkpoint/',
    access_key_id = 'minioadmin',
    secret_access_key = 'minioadmin',
    skip_access_check=0
);
-- outside the dialect: disks are storage configuration, not in the dialect
CREATE DISK s3_plain_disk DISK(
    type = 's3_plain',
    endpoint = 'http://localhost:9000/disk/checkpoint/',
    access_key_id = 'minioadmin',
    secret_access_key = 'minioadmin',
    skip_access_check = 0
);
-- outside the dialect: named collections are not in the dialect
-- page: docs/kafka-external-stream-source.mdx
CREATE NAMED COLLECTION kafka_nc AS
    brokers='127.0.0.1:9092',
    skip_ssl_cert_check='true',
    security_protocol='SASL_PLAINTEXT',
    sasl_mechanism='SCRAM-SHA-256',
    username='admin_user',
    password='admin';
-- outside the dialect: EMIT AFTER KEY EXPIRE is a Proton 2.x form not listed in FEATURES.md
WITH grouped AS(
    SELECT
        trace_id,
        min(start_time) AS start_ts,
        max(end_time) AS end_ts,
        date_diff('ms', start_ts, end_ts) AS span_ms,
        group_array(json_encode(span_id, parent_span_id, name, start_time, end_time, attributes)) AS trace_events
    FROM otel_traces
    GROUP BY trace_id
    EMIT AFTER KEY EXPIRE IDENTIFIED BY end_time WITH MAXSPAN 500ms AND TIMEOUT 2s
)
SELECT json_encode(trace_id, start_ts, end_ts, span_ms, trace_events) AS event FROM grouped
SETTINGS default_hash_table='hybrid', max_hot_keys=1000000, allow_independent_shard_processing=true;
-- outside the dialect: SHUFFLE BY is P2 (FEATURES.md) and not in this grammar
SELECT
    to_start_of_interval(_tp_time, 5m) AS bucket_window_start,
    location,
    device,
    min(cpu),
    max(cpu),
    avg(cpu)
FROM device_utils
SHUFFLE BY location
GROUP BY bucket_window_start, location, device
EMIT ON UPDATE WITH BATCH 1s
SETTINGS
  substreams=8,
  default_hash_table='hybrid',
  max_hot_keys=100000,
  aggregate_state_ttl_sec=3600;
-- outside the dialect: EMIT PER EVENT is a Proton 2.x form not listed in FEATURES.md
select count() from market_data emit per event;
-- outside the dialect: EMIT PER EVENT is a Proton 2.x form not listed in FEATURES.md
select type, count() from github_events shuffle by type group by type emit per event;
-- outside the dialect: EMIT PER EVENT is a Proton 2.x form not listed in FEATURES.md
SELECT id, count() FROM multi_shards_stream GROUP BY id EMIT PER EVENT
SETTINGS allow_independent_shard_processing=true;
-- outside the dialect: EMIT PER EVENT is a Proton 2.x form not listed in FEATURES.md
SELECT id, count() FROM single_shard_stream partition by id EMIT PER EVENT;
-- outside the dialect: typo in the docs (SEELCT)
-- suspicious: keyword SELECT misspelled as SEELCT (older docs version)
WITH latest_to_earliest AS (SEELCT * FROM table(my_stream) ORDER by _tp_time DESC)
SELECT * FROM dedup(latest_to_earliest, id);
-- outside the dialect: dictionaries are P2 (FEATURES.md) and not in this grammar
CREATE DICTIONARY mysql_dict(id string, name string)
  	PRIMARY KEY id
  	SOURCE(MYSQL(DB 'testdb' TABLE 'products' HOST 'mysql' PORT 3306 USER 'root' PASSWORD 'rootpassword' BG_RECONNECT true))
  	LAYOUT(HYBRID_HASH_CACHE(TTL 3600 PATH 'test_dict_cache' max_hot_key_count 1000));
-- outside the dialect: mutable streams (Timeplus Enterprise) are not in the dialect of FEATURES.md
CREATE MUTABLE STREAM tp_mutable_cache(id string, name string) PRIMARY KEY id;
-- outside the dialect: dictionaries are P2 (FEATURES.md) and not in this grammar
CREATE DICTIONARY tp_products_dict_mutable(id string, name string)
  	PRIMARY KEY id
  	SOURCE(CLICKHOUSE(HOST 'localhost' PORT 9000 USER 'default' PASSWORD '' DB 'test_db' TABLE 'test_table'))
  	LAYOUT(MUTABLE_CACHE(DB 'default' STREAM 'tp_mutable_cache' UPDATE_FROM_SOURCE true));
-- outside the dialect: mutable streams (Timeplus Enterprise) are not in the dialect of FEATURES.md
CREATE MUTABLE STREAM test_right
(
	k1 uint32,
	k2 string,
	v1 uint32,
	v2 string,
	v3 string,
	index idx1 (v2),
	index idx2 (v1, v2) storing (v3)
)
PRIMARY KEY (k1, k2);
-- outside the dialect: mutable streams (Timeplus Enterprise) are not in the dialect of FEATURES.md
CREATE MUTABLE STREAM products
(
    id string,
    name string,
    country string
)
PRIMARY KEY id;
-- outside the dialect: ALTER … MODIFY/RESET QUERY SETTING of materialized views is not in the dialect
ALTER STREAM mv_with_inner_stream MODIFY QUERY SETTING checkpoint_interval=600;
-- outside the dialect: ALTER … MODIFY/RESET QUERY SETTING of materialized views is not in the dialect
ALTER STREAM mv_with_inner_stream RESET QUERY SETTING checkpoint_interval;
-- outside the dialect: ALTER … INDEX needs secondary indexes, not in the dialect
-- suspicious: ADD INDEX without an index expression (as written in docs)
ALTER STREAM mutable_stream ADD INDEX index_name;
-- outside the dialect: ALTER … INDEX needs secondary indexes, not in the dialect
ALTER STREAM mutable_stream DROP INDEX index_name;
-- outside the dialect: ALTER … INDEX needs secondary indexes, not in the dialect
ALTER STREAM minmax_idx MATERIALIZE INDEX idx IN PARTITION 2 SETTINGS mutations_sync = 2;
-- outside the dialect: ALTER … INDEX needs secondary indexes, not in the dialect
ALTER STREAM minmax_idx CLEAR INDEX idx IN PARTITION 2 SETTINGS mutations_sync = 2;
-- outside the dialect: ALTER … DROP PARTITION is not in the dialect
ALTER STREAM test_stream DROP PARTITION 20241015;
-- outside the dialect: EXPLAIN options are not in this grammar
EXPLAIN json = 1, description = 0 SELECT 1 UNION ALL SELECT 2 FORMAT TSVRaw;
-- outside the dialect: EXPLAIN options are not in this grammar
EXPLAIN json = 1, description = 0, header = 1 SELECT 1, 2 + dummy FORMAT TSVRaw;
-- outside the dialect: mutable streams (Timeplus Enterprise) are not in the dialect of FEATURES.md
CREATE MUTABLE STREAM products
(
    product_id int32,
    category string,
    name string,
    price decimal64(2),
    INDEX idx_category (category) STORING (name),
    INDEX idx_price (price) UNIQUE
) PRIMARY KEY product_id;
-- outside the dialect: ALTER … INDEX needs secondary indexes, not in the dialect
EXPLAIN json = 1, description = 1, header = 1, indexes=1 SELECT * FROM products FORMAT TSVRaw;
-- outside the dialect: EXPLAIN options are not in this grammar
EXPLAIN json = 1, actions = 1, description = 0 SELECT 1 FORMAT TSVRaw;
-- outside the dialect: EXPLAIN options are not in this grammar
EXPLAIN PIPELINE graph=1 SELECT sum(number) FROM numbers_mt(100000) GROUP BY number % 4;
-- outside the dialect: EXPLAIN options are not in this grammar
EXPLAIN PIPELINE graph=1, compact=1 SELECT sum(number) FROM numbers_mt(100000) GROUP BY number % 4;
-- outside the dialect: EXPLAIN ESTIMATE is not in the dialect
EXPLAIN ESTIMATE SELECT * FROM table(ttt);
-- outside the dialect: CREATE VIEW … COMMENT is not in this grammar
-- page: docs/system-views.md
CREATE OR REPLACE VIEW system.v_failed_mat_views
AS
WITH running_mvs_in_last_5m AS
(
    SELECT
      database, name
    FROM system.stream_state_log
    WHERE (_tp_time > (now() - 5m)) AND (dimension = 'materialized_view') AND (state_name = 'status') AND (state_string_value = 'ExecutingPipeline')
    ORDER BY _tp_time DESC -- order here to make sure we have the latest state
    SETTINGS query_mode = 'table'
)
SELECT database, name, state_string_value AS state, _tp_time
FROM system.stream_state_log
WHERE (_tp_time > (now() - 5m)) AND (dimension = 'materialized_view') AND (state_name = 'status') AND NOT ((database, name) IN running_mvs_in_last_5m)
SETTINGS query_mode = 'table'
COMMENT 'version 2';
-- outside the dialect: CREATE VIEW … COMMENT is not in this grammar
CREATE OR REPLACE VIEW system.v_mat_view_lags
AS
WITH last_5m_progressing_status AS
(
  SELECT database, name, state_name, dimension, state_value, _tp_time AS ts
  FROM system.stream_state_log
  WHERE (_tp_time > (now() - 5m)) AND (state_name IN ('processed_sn', 'ckpt_sn', 'end_sn'))
  ORDER BY _tp_time DESC -- order here to make sure we have latest state
  SETTINGS query_mode = 'table'
),
latest_mv_lagging_per_source AS
(
  SELECT database, name, state_name, earliest(state_value) AS state_value, earliest(ts) AS ts
  FROM last_5m_progressing_status
  GROUP BY database, name, state_name, dimension
),
mv_lagging_aggr_per_state AS
( -- Aggregate all sources
  SELECT database, name, state_name, sum(state_value) AS state_value, earliest(ts) AS ts
  FROM last_5m_progressing_status
  GROUP BY database, name, state_name
),
mv_lagging_aggr_per_mv AS
(
  SELECT
      database,
      name,
      group_array(state_name) AS state_names,
      group_array(state_value) AS state_values,
      map_from_arrays(state_names, state_values) AS states,
      earliest(ts) AS ts
  FROM mv_lagging_aggr_per_state
  GROUP BY database, name
)
SELECT
    database,
    name,
    states['processed_sn'] AS processed_sn,
    states['ckpt_sn'] AS ckpt_sn,
    states['end_sn'] AS end_sn,
    if (end_sn != 0, end_sn - processed_sn, 0) AS lag,
    if (ckpt_sn != 0 AND processed_sn != 0, processed_sn - ckpt_sn, 0) AS ckpt_lag,
    ts
FROM mv_lagging_aggr_per_mv
COMMENT 'version 2';
-- outside the dialect: CREATE VIEW … COMMENT is not in this grammar
CREATE OR REPLACE VIEW system.v_no_leader_shards
AS
WITH last_5m_stream_shards AS
(
  SELECT database, name, dimension AS shard
  FROM system.stream_state_log
  WHERE _tp_time > (now() - 5m) AND state_name = 'committed_sn'
  GROUP BY database, name, dimension
  SETTINGS query_mode = 'table'
),
last_5m_quorum_status AS
(
  SELECT database, name, dimension AS shard
  FROM system.stream_state_log
  WHERE _tp_time > (now() - 5m) AND state_name = 'quorum_replication_status'
  GROUP BY database, name, dimension
  SETTINGS query_mode = 'table'
)
SELECT database, name, shard
FROM last_5m_stream_shards
WHERE (database, name, shard) NOT IN last_5m_quorum_status
COMMENT 'version 1';
-- outside the dialect: CREATE VIEW … COMMENT is not in this grammar
CREATE OR REPLACE VIEW system.v_replication_lags
AS
WITH recent_replication_statuses AS
(
  SELECT
    database,
    name,
    state_string_value:shard AS shard,
    node_id AS leader_node,
    state_string_value:shard_replication_statuses[*] AS replica_statuses,
    array_map(x -> to_uint64(x:node), replica_statuses) AS replica_nodes,
    map_cast(array_map(x -> to_uint64(x:node), replica_statuses), replica_statuses) AS replicas_map,
    _tp_time AS ts
  FROM system.stream_state_log
  WHERE (_tp_time > (now() - 5m)) AND (state_name = 'quorum_replication_status')
  ORDER BY _tp_time DESC
  SETTINGS query_mode = 'table'
),
latest_replication_statuses AS
(
  SELECT
    database,
    name,
    to_int(shard) AS shard,
    earliest(leader_node) AS leader_node,
    array_join(latest(replica_nodes)) AS replica_node,
    earliest(replicas_map) AS replicas_map,
    earliest(ts) AS ts
  FROM recent_replication_statuses
  GROUP BY database, name, shard
)
SELECT
    database,
    name,
    shard,
    leader_node,
    replica_node,
    to_int64((replicas_map[leader_node]):next_sn) - to_int64((replicas_map[replica_node]):next_sn) AS lagging,
    ts
FROM latest_replication_statuses
COMMENT 'version 2';
-- outside the dialect: CREATE VIEW … COMMENT is not in this grammar
CREATE OR REPLACE VIEW system.v_shard_leaders
AS
WITH last_5m_quorum_status AS
(
  SELECT database, name, dimension AS shard, node_id AS leader, _tp_time AS ts
  FROM system.stream_state_log
  WHERE _tp_time > (now() - 5m) AND state_name = 'quorum_replication_status'
  ORDER BY _tp_time DESC -- order here to make sure we have latest state
  SETTINGS query_mode = 'table'
)
SELECT database, name, shard, earliest(leader) AS leader, earliest(ts) AS  ts
FROM last_5m_quorum_status
GROUP BY database, name, shard
COMMENT 'version 1';
-- outside the dialect: CREATE VIEW … COMMENT is not in this grammar
CREATE OR REPLACE VIEW system.v_under_replication_replicas
AS
WITH recent_replication_statuses AS
(
  SELECT
     database,
     name,
     state_string_value:shard AS shard,
     node_id AS leader_node,
     state_string_value:shard_replication_statuses[*] AS replica_statuses,
     array_map(x -> to_uint64(x:node), replica_statuses) AS replica_nodes,
     map_from_arrays(array_map(x -> to_uint64(x:node), replica_statuses), replica_statuses) AS replicas_map,
     _tp_time AS ts
  FROM system.stream_state_log
  WHERE (_tp_time > (now() - 5m)) AND (state_name = 'quorum_replication_status')
  ORDER BY _tp_time DESC
  SETTINGS query_mode = 'table'
),
latest_replication_statuses AS
(
  SELECT
      database,
      name,
      to_int(shard) AS shard,
      earliest(leader_node) AS leader_node,
      array_join(earliest(replica_nodes)) AS replica_node,
      earliest(replicas_map) AS replicas_map,
      earliest(ts) AS ts
  FROM recent_replication_statuses
  GROUP BY database, name, shard
)
SELECT database, name, shard, leader_node, replica_node, (replicas_map[replica_node]):state AS state, ts
FROM latest_replication_statuses
WHERE state != 'Replicate'
COMMENT 'version 2';
