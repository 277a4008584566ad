DROP INDEX footage_requests_open_sla_idx;
DROP TABLE sla_rollup;
