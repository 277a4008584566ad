CREATE INDEX cameras_iccc_idx ON cameras (iccc_id);
ALTER TABLE cameras DROP CONSTRAINT cameras_iccc_code_key;
ALTER TABLE cameras ADD CONSTRAINT cameras_code_key UNIQUE (code);
-- Organisation administrators become auditors (read-only) of their organisation.
UPDATE users SET role = 'auditor' WHERE role IN ('station_admin', 'court_admin');
ALTER TABLE users DROP CONSTRAINT users_role_check;
ALTER TABLE users ADD CONSTRAINT users_role_check CHECK (role IN ('investigator', 'station_supervisor',
    'operator', 'iccc_admin', 'court', 'auditor'));
