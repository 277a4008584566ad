-- Issue "Evidence safety": organisation administrators (station_admin,
-- court_admin) beside iccc_admin, and camera codes unique per ICCC, not
-- city-wide (the recordings folder is <root>/<ICCC code>/<camera code>).
ALTER TABLE users DROP CONSTRAINT users_role_check;
ALTER TABLE users ADD CONSTRAINT users_role_check CHECK (role IN ('investigator', 'station_supervisor',
    'station_admin', 'operator', 'iccc_admin', 'court', 'court_admin', 'auditor'));
ALTER TABLE cameras DROP CONSTRAINT cameras_code_key;
ALTER TABLE cameras ADD CONSTRAINT cameras_iccc_code_key UNIQUE (iccc_id, code);
DROP INDEX cameras_iccc_idx;
